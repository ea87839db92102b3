package dev.flowdb.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hand-written JSON of flow-db's stored text, kept where a library would not do: the reader
 * of the two JSON list columns of {@code features} ({@code steps}, {@code dependencies}), read for
 * every row of every list query (a measured hot path: a single pass, no intermediate tree, no
 * parser set-up per value; STACK-NOTES §10.4), and the writer of the exact compact bytes every
 * stored value and change event has ({@link #write(Object)}). General JSON (event values,
 * answers, files) is read with jackson-jr elsewhere.
 *
 * <p>Reading is lenient by design: the files come from several tools and from hand edits
 * (REFERENCE §3.3), so text that is not a JSON array yields an empty list instead of an error.
 * Writing produces compact JSON with raw UTF-8, which Python's {@code json.loads}, the
 * TypeScript port and SQLite's JSON functions all read.
 */
public final class Json {

    private Json() {
    }

    /**
     * Parses a JSON array of strings. Non-string elements are kept as their JSON text;
     * anything that is not a well-formed array gives an empty list.
     *
     * @param json the stored text, may be {@code null}
     * @return an immutable list, never {@code null}
     */
    public static List<String> parseStrings(String json) {
        List<Object> items = elements(json);
        if (items.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(items.size());
        for (Object item : items) {
            out.add(item instanceof String s ? s : write(item));
        }
        return List.copyOf(out);
    }

    /**
     * Parses a JSON array and keeps only its integral numbers, in stored order, duplicates
     * included (the reader rule of the original's {@code get_dependencies_safe}).
     *
     * @param json the stored text, may be {@code null}
     * @return an immutable list, never {@code null}
     */
    public static List<Long> parseIntegers(String json) {
        List<Object> items = elements(json);
        if (items.isEmpty()) {
            return List.of();
        }
        List<Long> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item instanceof Long l) {
                out.add(l);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Writes strings as a compact JSON array.
     *
     * @param values the strings, none {@code null}
     * @return JSON text such as {@code ["open /login","type a name"]}
     */
    public static String writeStrings(Collection<String> values) {
        StringBuilder sb = new StringBuilder(16 + values.size() * 24);
        sb.append('[');
        boolean first = true;
        for (String value : values) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, value);
        }
        return sb.append(']').toString();
    }

    /**
     * Writes numbers as a compact JSON array.
     *
     * @param values the numbers, none {@code null}
     * @return JSON text such as {@code [2,6]}
     */
    public static String writeIntegers(Collection<Long> values) {
        StringBuilder sb = new StringBuilder(2 + values.size() * 6);
        sb.append('[');
        boolean first = true;
        for (Long value : values) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(value.longValue());
        }
        return sb.append(']').toString();
    }

    /**
     * Appends {@code value} as a JSON string literal (quotes and escapes included).
     *
     * @param sb where to append
     * @param value the text
     * @return {@code sb}
     */
    public static StringBuilder quote(StringBuilder sb, String value) {
        sb.append('"');
        int plain = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            // characters that need no escape are appended in runs
            sb.append(value, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append(value, plain, value.length()).append('"');
    }

    /**
     * Parses one stored JSON value for the list readers: {@code Map<String, Object>},
     * {@code List<Object>}, {@code String}, {@code Long} (integral numbers that fit),
     * {@code Double}, {@code Boolean} or {@code null}.
     *
     * @throws IllegalArgumentException if the text is not well-formed JSON
     */
    private static Object parse(String json) {
        if (json == null) {
            throw new IllegalArgumentException("no JSON text");
        }
        try {
            Reader r = new Reader(json);
            r.skipSpace();
            Object value = r.value();
            if (!r.atEndAfterSpace()) {
                throw new IllegalArgumentException("unexpected text after the JSON value at " + r.i);
            }
            return value;
        } catch (IndexOutOfBoundsException | NumberFormatException truncated) {
            throw new IllegalArgumentException("malformed JSON: " + truncated.getMessage(), truncated);
        }
    }

    /**
     * Writes Java values as compact JSON: maps (keys in iteration order), iterables, strings,
     * numbers, booleans, {@code null}; anything else is written as its {@code toString()} string.
     *
     * @param value the value
     * @return JSON text
     */
    public static String write(Object value) {
        return write(new StringBuilder(), value).toString();
    }

    /**
     * Appends {@code value} as compact JSON.
     *
     * @param sb where to append
     * @param value the value
     * @return {@code sb}
     */
    public static StringBuilder write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String text) {
            quote(sb, text);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte) {
            sb.append(value);
        } else if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                sb.append("null");
            } else {
                sb.append(value);
            }
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof Iterable<?> items) {
            sb.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, item);
            }
            sb.append(']');
        } else {
            quote(sb, value.toString());
        }
        return sb;
    }

    /** Top-level elements of a JSON array, or an empty list if the text is not one. */
    @SuppressWarnings("unchecked")
    private static List<Object> elements(String json) {
        if (json == null || json.isEmpty() || json.charAt(0) != '[' && json.trim().indexOf('[') != 0) {
            return List.of();
        }
        try {
            return parse(json) instanceof List<?> list ? (List<Object>) list : List.of();
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                i++;
            }
        }

        boolean consume(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        boolean atEndAfterSpace() {
            skipSpace();
            return i == s.length();
        }

        Object value() {
            char c = s.charAt(i);
            if (c == '"') {
                return string();
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            if (c == '[') {
                return array();
            }
            if (c == '{') {
                return object();
            }
            throw new IllegalArgumentException("unexpected character at " + i);
        }

        private String string() {
            i++;
            int start = i;
            while (true) {
                char c = s.charAt(i);
                if (c == '"') {
                    String plain = s.substring(start, i);
                    i++;
                    return plain;
                }
                if (c == '\\') {
                    break;
                }
                i++;
            }
            StringBuilder sb = new StringBuilder(s.length() - start);
            sb.append(s, start, i);
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape at " + i);
                }
            }
        }

        private Object number() {
            int start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            boolean integral = true;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c >= '0' && c <= '9') {
                    i++;
                } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    integral = false;
                    i++;
                } else {
                    break;
                }
            }
            String text = s.substring(start, i);
            if (integral) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException tooLarge) {
                    return Double.parseDouble(text);
                }
            }
            return Double.parseDouble(text);
        }

        private List<Object> array() {
            i++;
            List<Object> out = new ArrayList<>();
            skipSpace();
            if (consume(']')) {
                return out;
            }
            while (true) {
                skipSpace();
                out.add(value());
                skipSpace();
                if (consume(',')) {
                    continue;
                }
                if (consume(']')) {
                    return out;
                }
                throw new IllegalArgumentException("expected , or ] at " + i);
            }
        }

        private Map<String, Object> object() {
            i++;
            Map<String, Object> out = new LinkedHashMap<>();
            skipSpace();
            if (consume('}')) {
                return out;
            }
            while (true) {
                skipSpace();
                if (s.charAt(i) != '"') {
                    throw new IllegalArgumentException("expected a key at " + i);
                }
                String key = string();
                skipSpace();
                if (!consume(':')) {
                    throw new IllegalArgumentException("expected : at " + i);
                }
                skipSpace();
                out.put(key, value());
                skipSpace();
                if (consume(',')) {
                    continue;
                }
                if (consume('}')) {
                    return out;
                }
                throw new IllegalArgumentException("expected , or } at " + i);
            }
        }
    }
}
