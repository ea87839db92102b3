package dev.flowdb.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks path parameters and a JSON body the way the original's framework (FastAPI with pydantic 2)
 * does, collecting every issue before answering, so a client gets the same 422 body:
 * {@code {"detail":[{"type","loc","msg","input"[,"ctx"]}…]}}. Values come out coerced as pydantic's
 * lax mode coerces them ({@code "7"} and {@code 7.0} are the integer 7, {@code 1} is the boolean
 * true where a boolean may stand); unknown keys are ignored.
 *
 * <pre>{@code
 * RequestCheck check = new RequestCheck();
 * long id = check.pathInt("feature_id", rawId);
 * ObjectNode body = check.body(request.json());
 * String name = check.string(body, "name", true);
 * check.done();   // throws the 422 if anything was wrong
 * }</pre>
 */
final class RequestCheck {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** The raw body of a request as the server received it. */
    record Body(String contentType, String text) {

        boolean isJson() {
            if (contentType == null) {
                return false;
            }
            String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
            return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
        }
    }

    private final ArrayNode issues = NODES.arrayNode();

    /** Throws the 422 when any check failed. */
    void done() {
        if (!issues.isEmpty()) {
            throw HttpProblem.unprocessable(issues);
        }
    }

    /**
     * An integer path parameter ({@code " 2"} and {@code "1.0"} are 2 and 1).
     *
     * @return the value, or 0 after recording the issue
     */
    long pathInt(String name, String raw) {
        Long value = integer(NODES.textNode(raw), List.of("path", name));
        return value == null ? 0 : value;
    }

    /**
     * The body as an object: missing, unreadable, not JSON by content type, or not an object are
     * each one issue.
     *
     * @return the object, or {@code null} after recording the issue
     */
    ObjectNode body(Body body) {
        if (body.text() == null || body.text().isEmpty()) {
            add("missing", List.of("body"), "Field required", NODES.nullNode(), null);
            return null;
        }
        if (!body.isJson()) {
            add("model_attributes_type", List.of("body"), "Input should be a valid dictionary or object to extract fields from",
                    NODES.textNode(body.text()), null);
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body.text());
        } catch (JsonProcessingException e) {
            ObjectNode ctx = NODES.objectNode();
            ctx.put("error", e.getOriginalMessage());
            long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            add("json_invalid", List.of("body", offset), "JSON decode error", NODES.objectNode(), ctx);
            return null;
        }
        if (!(tree instanceof ObjectNode object)) {
            add("model_attributes_type", List.of("body"), "Input should be a valid dictionary or object to extract fields from", tree, null);
            return null;
        }
        return object;
    }

    /**
     * A string field.
     *
     * @param required whether absent is an issue (else absent and {@code null} give {@code null})
     */
    String string(ObjectNode object, List<Object> at, String key, boolean required) {
        JsonNode value = field(object, at, key, required);
        if (value == null) {
            return null;
        }
        return string(value, append(at, key));
    }

    /** A list of strings; {@code null} is an issue when required. */
    List<String> strings(ObjectNode object, List<Object> at, String key, boolean required) {
        return items(object, at, key, required, this::string);
    }

    /** A list of integers with at most {@code maxLength} items (-1: no bound). */
    List<Long> integers(ObjectNode object, List<Object> at, String key, boolean required, int maxLength) {
        List<Long> out = items(object, at, key, required, this::integer);
        JsonNode value = object == null ? null : object.get(key);
        if (out != null && maxLength >= 0 && value.size() > maxLength) {
            ObjectNode ctx = NODES.objectNode();
            ctx.put("field_type", "List");
            ctx.put("max_length", maxLength);
            ctx.put("actual_length", value.size());
            add("too_long", append(at, key), "List should have at most " + maxLength + " items after validation, not " + value.size(), value, ctx);
        }
        return out;
    }

    /** A list field whose items {@code item} checks, each at its index. */
    private <T> List<T> items(ObjectNode object, List<Object> at, String key, boolean required,
                              java.util.function.BiFunction<JsonNode, List<Object>, T> item) {
        JsonNode value = list(object, at, key, required);
        if (value == null) {
            return null;
        }
        List<Object> loc = append(at, key);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            out.add(item.apply(value.get(i), append(loc, i)));
        }
        return out;
    }

    /** An integer field ({@code null} allowed when not required). */
    Long integer(ObjectNode object, List<Object> at, String key, boolean required) {
        JsonNode value = field(object, at, key, required);
        return value == null ? null : integer(value, append(at, key));
    }

    /** The items of a list field, each to be checked by the caller; {@code null} when absent or after an issue. */
    JsonNode list(ObjectNode object, List<Object> at, String key, boolean required) {
        JsonNode value = field(object, at, key, required);
        if (value != null && !value.isArray()) {
            add("list_type", append(at, key), "Input should be a valid list", value, null);
            return null;
        }
        return value;
    }

    /** An item that must be an object (a bulk feature). */
    ObjectNode object(JsonNode value, List<Object> loc) {
        if (value instanceof ObjectNode object) {
            return object;
        }
        add("model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from", value, null);
        return null;
    }

    /**
     * {@code dict[str, str | bool | list[str]]}, the answers of a human-input form, kept in
     * submitted order. pydantic's smart union keeps a string a string and takes 0, 1, 0.0 and 1.0
     * as booleans; anything else gets the union's three issues.
     */
    Map<String, Object> answers(ObjectNode object, List<Object> at, String key) {
        JsonNode value = field(object, at, key, true);
        if (value == null) {
            return null;
        }
        List<Object> loc = append(at, key);
        if (!value.isObject()) {
            add("dict_type", loc, "Input should be a valid dictionary", value, null);
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        value.fields().forEachRemaining(entry -> out.put(entry.getKey(), answer(entry.getValue(), append(loc, entry.getKey()))));
        return out;
    }

    private Object answer(JsonNode value, List<Object> loc) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber() && (value.decimalValue().compareTo(BigDecimal.ONE) == 0 || value.decimalValue().signum() == 0)) {
            return value.decimalValue().signum() != 0;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            boolean allText = true;
            for (JsonNode item : value) {
                allText &= item.isTextual();
                items.add(item.isTextual() ? item.textValue() : null);
            }
            if (allText) {
                return items;
            }
        }
        add("string_type", append(loc, "str"), "Input should be a valid string", value, null);
        if (value.isNumber() || value.isTextual()) {
            add("bool_parsing", append(loc, "bool"), "Input should be a valid boolean, unable to interpret input", value, null);
        } else {
            add("bool_type", append(loc, "bool"), "Input should be a valid boolean", value, null);
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isTextual()) {
                    add("string_type", append(append(loc, "list[str]"), i), "Input should be a valid string", value.get(i), null);
                }
            }
        } else {
            add("list_type", append(loc, "list[str]"), "Input should be a valid list", value, null);
        }
        return null;
    }

    private JsonNode field(ObjectNode object, List<Object> at, String key, boolean required) {
        if (object == null) {
            return null;
        }
        JsonNode value = object.get(key);
        if (value == null) {
            if (required) {
                add("missing", append(at, key), "Field required", object, null);
            }
            return null;
        }
        if (value.isNull() && !required) {
            return null;
        }
        return value;
    }

    private String string(JsonNode value, List<Object> loc) {
        if (value.isTextual()) {
            return value.textValue();
        }
        add("string_type", loc, "Input should be a valid string", value, null);
        return null;
    }

    /** pydantic's lax integer: ints, integral floats, booleans, and strings holding one of those. */
    private Long integer(JsonNode value, List<Object> loc) {
        if (value.isBoolean()) {
            return value.booleanValue() ? 1L : 0L;
        }
        if (value.isIntegralNumber()) {
            return inRange(value.bigIntegerValue(), value, loc);
        }
        if (value.isNumber()) {
            return integral(value.decimalValue(), value, loc, "int_from_float",
                    "Input should be a valid integer, got a number with a fractional part");
        }
        if (value.isTextual()) {
            String text = value.textValue().strip();
            BigDecimal number;
            try {
                number = new BigDecimal(text);
            } catch (NumberFormatException notANumber) {
                add("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer", value, null);
                return null;
            }
            return integral(number, value, loc, "int_parsing", "Input should be a valid integer, unable to parse string as an integer");
        }
        add("int_type", loc, "Input should be a valid integer", value, null);
        return null;
    }

    private Long integral(BigDecimal number, JsonNode value, List<Object> loc, String type, String message) {
        try {
            return inRange(number.toBigIntegerExact(), value, loc);
        } catch (ArithmeticException fractional) {
            add(type, loc, message, value, null);
            return null;
        }
    }

    private Long inRange(BigInteger number, JsonNode value, List<Object> loc) {
        if (number.compareTo(LONG_MIN) < 0 || number.compareTo(LONG_MAX) > 0) {
            add("int_parsing_size", loc, "Unable to parse input string as an integer, exceeded maximum size", value, null);
            return null;
        }
        return number.longValue();
    }

    private void add(String type, List<Object> loc, String msg, JsonNode input, ObjectNode ctx) {
        ObjectNode issue = issues.addObject();
        issue.put("type", type);
        ArrayNode where = issue.putArray("loc");
        for (Object part : loc) {
            if (part instanceof Number n) {
                where.add(n.longValue());
            } else {
                where.add(String.valueOf(part));
            }
        }
        issue.put("msg", msg);
        issue.set("input", input);
        if (ctx != null) {
            issue.set("ctx", ctx);
        }
    }

    static List<Object> append(List<Object> at, Object key) {
        List<Object> loc = new ArrayList<>(at.size() + 1);
        loc.addAll(at);
        loc.add(key);
        return loc;
    }
}
