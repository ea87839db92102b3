package dev.flowdb.schema;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.DateTimeException;
import org.jooq.impl.AbstractConverter;

/**
 * Timestamp columns: UTC text ⇄ {@link Instant}.
 *
 * <p>Writes the fixed-width form {@code 2026-11-24T02:13:00.767Z} (the shape of SQLite's
 * {@code strftime('%Y-%m-%dT%H:%M:%fZ','now')}), so text order is time order. Reads that form,
 * the Rust port's {@code 2026-11-24 02:13:00} (UTC) and any ISO-8601 instant or offset
 * date-time. Unreadable text reads as {@code null} rather than failing the whole row.
 */
public final class TimestampConverter extends AbstractConverter<String, Instant> {

    private static final long serialVersionUID = 1L;

    /** Creates the converter (jOOQ instantiates it from the generated table classes). */
    public TimestampConverter() {
        super(String.class, Instant.class);
    }

    @Override
    public Instant from(String databaseObject) {
        return parse(databaseObject);
    }

    @Override
    public String to(Instant userObject) {
        return userObject == null ? null : format(userObject);
    }

    /**
     * Formats an instant as fixed-width UTC text with milliseconds.
     *
     * @param instant the time
     * @return e.g. {@code 2026-11-24T02:13:00.767Z}
     */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int millis = instant.getNano() / 1_000_000;
        char[] c = new char[24];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, millis, 3);
        c[23] = 'Z';
        return new String(c);
    }

    /**
     * Parses any timestamp text flow-db meets in the wild.
     *
     * @param text stored text, may be {@code null}
     * @return the instant, or {@code null} for {@code null} or unreadable text
     */
    public static Instant parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            if (text.length() == 24 && text.charAt(10) == 'T' && text.charAt(23) == 'Z' && text.charAt(19) == '.') {
                return LocalDateTime.of(num(text, 0, 4), num(text, 5, 2), num(text, 8, 2),
                                num(text, 11, 2), num(text, 14, 2), num(text, 17, 2), num(text, 20, 3) * 1_000_000)
                        .toInstant(ZoneOffset.UTC);
            }
            if (text.length() >= 19 && text.charAt(10) == ' ') {
                String iso = text.substring(0, 10) + 'T' + text.substring(11);
                if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$")) {
                    return OffsetDateTime.parse(iso).toInstant();
                }
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            }
            if (text.endsWith("Z")) {
                return Instant.parse(text);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException | NumberFormatException unreadable) {
            return null;
        }
    }

    private static int num(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new NumberFormatException(s);
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
