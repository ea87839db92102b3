package dev.flowdb.internal.wire;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * JSON text byte for byte as Python's {@code json.dumps} writes it with default settings: {@code ", "}
 * and {@code ": "} separators, non-ASCII escaped as {@code \\uXXXX} (surrogate pairs above U+FFFF),
 * {@code true}/{@code false}/{@code null}, floats as Python's {@code repr}. Hand-written because this
 * exact format is the contract: it is what the original's MCP tools answer and what its SQLAlchemy
 * JSON columns store ({@code human_input_request}, {@code human_input_response}), and no JSON
 * library writes Python's separators, escapes and float spelling together.
 *
 * <p>Not part of the public API.
 */
public final class PyJson {

    private PyJson() {
    }

    /**
     * @param value a JSON value as Java: {@code null}, {@link String}, {@link Boolean}, a {@link Number},
     *        a {@link Map} (keys written as text, in its iteration order) or an {@link Iterable}; anything
     *        else is written as its {@code toString()} text
     * @return its JSON text in Python's format
     */
    public static String dumps(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String s) {
            string(sb, s);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
            sb.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            sb.append(floatRepr(((Number) value).doubleValue()));
        } else if (value instanceof BigDecimal d) {
            sb.append(floatRepr(d.doubleValue()));
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof Iterable<?> items) {
            sb.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                write(sb, item);
            }
            sb.append(']');
        } else {
            string(sb, value.toString());
        }
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back to the same double, fixed
     * notation for decimal exponents from -4 to 15, else {@code 1e+16} / {@code 1.5e-05}; json.dumps
     * spells the non-finite values {@code NaN}, {@code Infinity} and {@code -Infinity}.
     *
     * @param d a double
     * @return its Python text
     */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - exact.scale() - 1;
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.abs().toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.valueOf(Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (exp.length() == 1 ? "0" + exp : exp);
    }

    /**
     * The text Python's {@code str()} (an f-string) gives a JSON value, for messages that quote a
     * caller's value: {@code None}, {@code True}, {@code 5}, {@code 1.5}, {@code ['a', 1]},
     * {@code {'k': 'v'}}; strings as they are at the top level and quoted inside containers.
     *
     * @param value a JSON value as Java
     * @return its Python text
     */
    public static String str(Object value) {
        return value instanceof String s ? s : repr(value);
    }

    private static String repr(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof String s) {
            return s.contains("'") && !s.contains("\"") ? "\"" + s + "\"" : "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            String r = floatRepr(((Number) value).doubleValue());
            return r.equals("NaN") ? "nan" : r.equals("Infinity") ? "inf" : r.equals("-Infinity") ? "-inf" : r;
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (value instanceof Iterable<?> items) {
            StringBuilder sb = new StringBuilder("[");
            for (Object item : items) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(repr(item));
            }
            return sb.append(']').toString();
        }
        return value.toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static final java.time.format.DateTimeFormatter SECONDS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    /**
     * Python's {@code datetime.now(timezone.utc).isoformat()}: microseconds (left out when they are
     * all zero, as Python does) and {@code +00:00}.
     *
     * @param t the time
     * @return the text
     */
    public static String isoFormat(java.time.Instant t) {
        int micros = t.getNano() / 1000;
        return SECONDS.format(t) + (micros == 0 ? "" : String.format(".%06d", micros)) + "+00:00";
    }
}
