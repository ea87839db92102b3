package dev.flowdb.internal.wire;

import java.time.Duration;
import java.util.Locale;

/** Durations as people type them on a command line. Not part of the public API. */
public final class Durations {

    private Durations() {
    }

    /**
     * @param text {@code 500ms}, {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT1H})
     * @return the duration
     * @throws IllegalArgumentException naming the forms, for anything else or a negative amount
     */
    public static Duration parse(String text) {
        try {
            String t = text.trim().toLowerCase(Locale.ROOT);
            Duration d;
            if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else {
                long amount = Long.parseLong(t.substring(0, t.length() - 1));
                d = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    case 'd' -> Duration.ofDays(amount);
                    default -> throw new NumberFormatException();
                };
            }
            if (d.isNegative()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 90s, 30m, 2h, 1d or PT1H)");
        }
    }
}
