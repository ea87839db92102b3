package dev.flowdb.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One argument of a tool: its JSON-schema entry and the check of a call's value, built from the
 * same bounds so the advertised schema and the enforced rule cannot drift apart. A value outside
 * them is an {@link FeatureTools.InvalidArguments} (an MCP tool error), as the original's argument
 * validation answers it.
 *
 * @param name the argument's name
 * @param kind its JSON shape
 * @param description what it means, shown to the agent
 * @param required whether a call must give it
 * @param min the least value (integers), length (strings) or item count (lists); {@code null} for none
 * @param max the greatest value or length; {@code null} for none
 * @param fallback the value when an optional argument is left out; {@code null} for none
 */
record ToolArg(String name, Kind kind, String description, boolean required, Long min, Long max, Object fallback) {

    /** The JSON shapes the tools take. */
    enum Kind {
        INTEGER, STRING, BOOLEAN, STRING_LIST, INTEGER_LIST, OBJECT_LIST
    }

    static ToolArg id(String name, String description) {
        return new ToolArg(name, Kind.INTEGER, description, true, 1L, null, null);
    }

    static ToolArg limit(long fallback, long max, String description) {
        return new ToolArg("limit", Kind.INTEGER, description, false, 1L, max, fallback);
    }

    static ToolArg text(String name, long min, Long max, String description) {
        return new ToolArg(name, Kind.STRING, description, true, min, max, null);
    }

    static ToolArg list(String name, Kind kind, Long minItems, String description) {
        return new ToolArg(name, kind, description, true, minItems, null, null);
    }

    static ToolArg flag(String name, boolean fallback, String description) {
        return new ToolArg(name, Kind.BOOLEAN, description, false, null, null, fallback);
    }

    /** @return this argument's entry of a tool's {@code inputSchema.properties} */
    Map<String, Object> schema() {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (kind) {
            case INTEGER -> {
                m.put("type", "integer");
                putIf(m, "minimum", min);
                putIf(m, "maximum", max);
            }
            case STRING -> {
                m.put("type", "string");
                putIf(m, "minLength", min);
                putIf(m, "maxLength", max);
            }
            case BOOLEAN -> m.put("type", "boolean");
            case STRING_LIST, INTEGER_LIST, OBJECT_LIST -> {
                m.put("type", "array");
                m.put("items", Map.of("type", kind == Kind.STRING_LIST ? "string" : kind == Kind.INTEGER_LIST ? "integer" : "object"));
                putIf(m, "minItems", min);
            }
        }
        putIf(m, "default", fallback);
        m.put("description", description);
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** @return the integer value of this argument in {@code args}, checked against the bounds */
    long integer(Map<String, Object> args) {
        Object v = args.get(name);
        if (v == null && !required) {
            return ((Number) fallback).longValue();
        }
        if (!(v instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw invalid("an integer is required");
        }
        long value = n.longValue();
        if (min != null && value < min || max != null && value > max) {
            throw invalid(max == null ? "must be greater than or equal to " + min : "must be between " + min + " and " + max);
        }
        return value;
    }

    /** @return the string value, checked against the length bounds */
    String text(Map<String, Object> args) {
        if (!(args.get(name) instanceof String s)) {
            throw invalid("a string is required");
        }
        if (min != null && s.length() < min || max != null && s.length() > max) {
            throw invalid(max == null ? "at least " + min + " character(s) required" : "length must be between " + min + " and " + max);
        }
        return s;
    }

    /** @return the boolean value, or the fallback when left out */
    boolean bool(Map<String, Object> args) {
        Object v = args.get(name);
        if (v == null) {
            return (Boolean) fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw invalid("true or false is required");
        }
        return b;
    }

    /** @return the list value, its items of this argument's kind, at least {@code min} of them */
    List<?> items(Map<String, Object> args) {
        if (!(args.get(name) instanceof List<?> list) || !list.stream().allMatch(this::fits)) {
            throw invalid(switch (kind) {
                case STRING_LIST -> "a list of strings is required";
                case INTEGER_LIST -> "a list of integers is required";
                default -> "a list of objects is required";
            });
        }
        if (min != null && list.size() < min) {
            throw invalid("at least " + min + " item(s) required");
        }
        return list;
    }

    private boolean fits(Object item) {
        return switch (kind) {
            case STRING_LIST -> item instanceof String;
            case INTEGER_LIST -> item instanceof Number n && n.doubleValue() == n.longValue();
            case OBJECT_LIST -> item instanceof Map<?, ?>;
            default -> false;
        };
    }

    private FeatureTools.InvalidArguments invalid(String why) {
        return new FeatureTools.InvalidArguments(name + ": " + why);
    }
}
