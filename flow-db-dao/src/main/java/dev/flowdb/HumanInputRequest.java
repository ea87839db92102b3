package dev.flowdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import dev.flowdb.internal.wire.PyJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A question an agent puts to a person before it can go on with a feature
 * ({@link FeatureStore#requestHumanInput(long, HumanInputRequest)}): a prompt and the fields of
 * the form the person fills in.
 *
 * <p>The fields are kept <em>exactly as the caller wrote them</em>, as the original does: every
 * key (the original's board reads {@code id, label, type, required, placeholder, options}, and
 * any other key is kept too), option objects {@code {value, label}} with whatever else they carry,
 * nothing added or normalised. {@link Field} and {@link Option} are typed views over that JSON.
 * The stored text is {@code {"prompt": …, "fields": […]}} in Python's {@code json.dumps} format,
 * byte for byte what the original stores; a request read with {@link #parse(String)} keeps its
 * text verbatim, so reading and writing it back never changes a byte.
 *
 * <pre>{@code
 * HumanInputRequest q = HumanInputRequest.of("Which database?", List.of(
 *         Map.of("id", "db", "label", "Database", "type", "select",
 *                "options", List.of(Map.of("value", "pg", "label", "PostgreSQL")))));
 * HumanInputRequest same = new HumanInputRequest("Which database?",
 *         List.of(HumanInputRequest.Field.select("db", "Database", new HumanInputRequest.Option("pg", "PostgreSQL"))));
 * }</pre>
 */
public final class HumanInputRequest {

    /** Field types the original accepts, in the order its message lists them. */
    public static final List<String> TYPES = List.of("boolean", "select", "text", "textarea");

    private final String prompt;
    private final List<Field> fields;
    private final String json;

    /**
     * A request from typed fields; checked like {@link #of(String, List)}.
     *
     * @param prompt what the agent asks, at least one character
     * @param fields the answers it needs, at least one
     * @throws ValidationException with the original's text for the first field that fails its checks
     */
    public HumanInputRequest(String prompt, List<Field> fields) {
        this(prompt, rawOf(fields), null);
    }

    private HumanInputRequest(String prompt, List<?> rawFields, String json) {
        if (prompt == null || prompt.isEmpty()) {
            throw new ValidationException("prompt", "prompt must be at least one character");
        }
        if (rawFields == null || rawFields.isEmpty()) {
            throw new ValidationException("fields", "fields must list at least one field");
        }
        List<Field> typed = new ArrayList<>(rawFields.size());
        if (json == null) {
            check(rawFields);
        }
        for (int i = 0; i < rawFields.size(); i++) {
            if (!(rawFields.get(i) instanceof Map<?, ?> m)) {
                throw new ValidationException("fields[" + i + "]", "Field at index " + i + " missing required 'id' or 'label'");
            }
            typed.add(new Field(stringKeys(m)));
        }
        this.prompt = prompt;
        this.fields = List.copyOf(typed);
        if (json == null) {
            Map<String, Object> whole = new LinkedHashMap<>();
            whole.put("prompt", prompt);
            whole.put("fields", this.fields.stream().map(Field::attributes).toList());
            json = PyJson.dumps(whole);
        }
        this.json = json;
    }

    /**
     * A request from the caller's JSON fields, as an MCP client or a REST body sends them: each a
     * {@link Map} of JSON values (strings, numbers, booleans, {@code null}, lists, maps). They are
     * checked one by one, in list order, with the original's checks and texts (REFERENCE §7.20);
     * {@code <i>} is the field's index, {@code <j>} an option's:
     * <ol>
     *   <li>{@code Field at index <i> missing required 'id' or 'label'}</li>
     *   <li>{@code Field at index <i> has empty or invalid 'id'} (not a non-blank string), then the same for {@code 'label'}</li>
     *   <li>{@code Duplicate field id '<id>' at index <i>}</li>
     *   <li>{@code Field at index <i> has invalid type '<type>'. Must be one of: boolean, select, text, textarea}</li>
     *   <li>{@code Field at index <i> is type 'select' but missing or invalid 'options' array}</li>
     *   <li>{@code Field at index <i>, option <j> must be an object with 'value' and 'label'}, {@code … missing required 'value' or 'label'},
     *       {@code … has empty or invalid 'value'}, {@code … has empty or invalid 'label'}</li>
     *   <li>{@code Field at index <i> has 'options' but type is '<type>' (only 'select' uses options)}</li>
     * </ol>
     *
     * @param prompt what the agent asks, at least one character
     * @param fields the caller's fields, kept as they are (deeply copied)
     * @return the request
     * @throws ValidationException naming the field ({@code fields[i].id}, …) with the original's text
     */
    public static HumanInputRequest of(String prompt, List<?> fields) {
        return new HumanInputRequest(prompt, fields, null);
    }

    /**
     * Reads a stored request ({@link Feature#humanInputRequest()}), whoever wrote it. The text is
     * kept verbatim ({@link #toJson()} gives it back unchanged); the fields are not re-checked,
     * since older writers did not check them.
     *
     * @param json the stored text: an object with a string {@code prompt} and a list of objects {@code fields}
     * @return the request
     * @throws ValidationException if the text is not JSON of that shape (says where it broke)
     */
    public static HumanInputRequest parse(String json) {
        Objects.requireNonNull(json, "json");
        Object tree;
        try {
            tree = JSON.std.anyFrom(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ValidationException("human_input_request", "human_input_request is not JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new ValidationException("human_input_request", "human_input_request is not JSON: " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> map) || !(map.get("prompt") instanceof String prompt) || !(map.get("fields") instanceof List<?> fields)) {
            throw new ValidationException("human_input_request", "human_input_request must be an object with a string 'prompt' and a list 'fields'");
        }
        return new HumanInputRequest(prompt, fields, json);
    }

    /** The checks of the original, in its order; the first failure is thrown. */
    private static void check(List<?> fields) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String at = "Field at index " + i;
            String where = "fields[" + i + "]";
            if (!(fields.get(i) instanceof Map<?, ?> field) || !field.containsKey("id") || !field.containsKey("label")) {
                throw new ValidationException(where, at + " missing required 'id' or 'label'");
            }
            if (!nonBlank(field.get("id"))) {
                throw new ValidationException(where + ".id", at + " has empty or invalid 'id'");
            }
            if (!nonBlank(field.get("label"))) {
                throw new ValidationException(where + ".label", at + " has empty or invalid 'label'");
            }
            String id = (String) field.get("id");
            if (!ids.add(id)) {
                throw new ValidationException(where + ".id", "Duplicate field id '" + id + "' at index " + i);
            }
            Object type = field.containsKey("type") ? field.get("type") : "text";
            if (!(type instanceof String t && TYPES.contains(t))) {
                throw new ValidationException(where + ".type", at + " has invalid type '" + PyJson.str(type)
                        + "'. Must be one of: " + String.join(", ", TYPES));
            }
            if ("select".equals(type)) {
                if (!(field.get("options") instanceof List<?> options) || options.isEmpty()) {
                    throw new ValidationException(where + ".options", at + " is type 'select' but missing or invalid 'options' array");
                }
                for (int j = 0; j < options.size(); j++) {
                    String opt = at + ", option " + j;
                    String optWhere = where + ".options[" + j + "]";
                    if (!(options.get(j) instanceof Map<?, ?> option)) {
                        throw new ValidationException(optWhere, opt + " must be an object with 'value' and 'label'");
                    }
                    if (!option.containsKey("value") || !option.containsKey("label")) {
                        throw new ValidationException(optWhere, opt + " missing required 'value' or 'label'");
                    }
                    if (!nonBlank(option.get("value"))) {
                        throw new ValidationException(optWhere + ".value", opt + " has empty or invalid 'value'");
                    }
                    if (!nonBlank(option.get("label"))) {
                        throw new ValidationException(optWhere + ".label", opt + " has empty or invalid 'label'");
                    }
                }
            } else if (field.containsKey("options")) {
                throw new ValidationException(where + ".options", at + " has 'options' but type is '" + PyJson.str(type)
                        + "' (only 'select' uses options)");
            }
        }
    }

    /** Python's {@code isinstance(v, str) and v.strip()}. */
    private static boolean nonBlank(Object value) {
        return value instanceof String s && !s.strip().isEmpty();
    }

    private static List<?> rawOf(List<Field> fields) {
        if (fields == null) {
            return null;
        }
        List<Object> raw = new ArrayList<>(fields.size());
        for (Field f : fields) {
            raw.add(f == null ? null : f.attributes());
        }
        return raw;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** {@return what the agent asks} */
    public String prompt() {
        return prompt;
    }

    /** {@return the fields, in the caller's order} */
    public List<Field> fields() {
        return fields;
    }

    /**
     * The text stored in {@code human_input_request}.
     *
     * @return the stored text: verbatim for a {@link #parse(String) parsed} request, else
     *         {@code {"prompt": …, "fields": […]}} as Python's {@code json.dumps} writes it
     */
    public String toJson() {
        return json;
    }

    /** Equal when the stored texts are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HumanInputRequest other && other.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "HumanInputRequest" + json;
    }

    /**
     * One field of the form, a typed view over the caller's JSON object.
     *
     * @param attributes every key the caller gave, in its order (an unmodifiable deep copy)
     */
    public record Field(Map<String, Object> attributes) {

        /**
         * Copies the attributes deeply, so a field never changes after it is made.
         *
         * @param attributes the {@code attributes} component
         */
        public Field {
            attributes = freezeMap(Objects.requireNonNull(attributes, "attributes"));
        }

        /**
         * A field with the usual keys: {@code id, label, type, required}, and {@code options} as
         * {@code {value, label}} objects (each string both value and label) when there are any.
         *
         * @param id key of the answer
         * @param label what the person sees
         * @param type {@code text}, {@code textarea}, {@code select} or {@code boolean}
         * @param required whether an answer must give it
         * @param options the choices of a {@code select}; {@code null} or empty for none
         */
        public Field(String id, String label, String type, boolean required, List<String> options) {
            this(usual(id, label, type, required, options == null ? List.of() : options.stream().map(o -> new Option(o, o)).toList()));
        }

        private static Map<String, Object> usual(String id, String label, String type, boolean required, List<Option> options) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("label", label);
            m.put("type", type);
            m.put("required", required);
            if (!options.isEmpty()) {
                m.put("options", options.stream().map(Option::attributes).toList());
            }
            return m;
        }

        /**
         * A text field.
         *
         * @param id key of the answer
         * @param label what the person sees
         * @return a required text field
         */
        public static Field text(String id, String label) {
            return new Field(id, label, "text", true, List.of());
        }

        /**
         * A select field.
         *
         * @param id key of the answer
         * @param label what the person sees
         * @param options the choices, at least one
         * @return a required select field
         */
        public static Field select(String id, String label, Option... options) {
            return new Field(usual(id, label, "select", true, List.of(options)));
        }

        /**
         * This field with one more attribute.
         *
         * @param key an attribute
         * @param value its JSON value
         * @return this field with {@code key} set (added at the end when new), e.g. {@code placeholder}
         */
        public Field with(String key, Object value) {
            Map<String, Object> m = new LinkedHashMap<>(attributes);
            m.put(key, value);
            return new Field(m);
        }

        /** {@return the {@code id}, or {@code null} when it is not a string} */
        public String id() {
            return attributes.get("id") instanceof String s ? s : null;
        }

        /** {@return the {@code label}, or {@code null} when it is not a string} */
        public String label() {
            return attributes.get("label") instanceof String s ? s : null;
        }

        /** {@return the {@code type}; {@code text} when absent} */
        public String type() {
            Object t = attributes.getOrDefault("type", "text");
            return t instanceof String s ? s : String.valueOf(t);
        }

        /** {@return whether an answer must give it: the original counts an absent {@code required} as required} */
        public boolean required() {
            return !Boolean.FALSE.equals(attributes.get("required"));
        }

        /** {@return the {@code placeholder}, when it is a string} */
        public Optional<String> placeholder() {
            return attributes.get("placeholder") instanceof String s ? Optional.of(s) : Optional.empty();
        }

        /** {@return the options that are objects, as typed views; empty when there are none} */
        public List<Option> options() {
            if (!(attributes.get("options") instanceof List<?> list)) {
                return List.of();
            }
            List<Option> out = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add(new Option(stringKeys(m)));
                }
            }
            return List.copyOf(out);
        }
    }

    /**
     * One choice of a {@code select} field, a typed view over the caller's JSON object.
     *
     * @param attributes every key the caller gave ({@code value}, {@code label} and any other), in its order
     */
    public record Option(Map<String, Object> attributes) {

        /**
         * Copies the attributes deeply.
         *
         * @param attributes the {@code attributes} component
         */
        public Option {
            attributes = freezeMap(Objects.requireNonNull(attributes, "attributes"));
        }

        /**
         * Creates the value.
         *
         * @param value what the answer stores
         * @param label what the person sees
         */
        public Option(String value, String label) {
            this(pair(value, label));
        }

        private static Map<String, Object> pair(String value, String label) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", value);
            m.put("label", label);
            return m;
        }

        /** {@return the {@code value}, or {@code null} when it is not a string} */
        public String value() {
            return attributes.get("value") instanceof String s ? s : null;
        }

        /** {@return the {@code label}, or {@code null} when it is not a string} */
        public String label() {
            return attributes.get("label") instanceof String s ? s : null;
        }
    }

    private static Map<String, Object> freezeMap(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), freeze(v)));
        return Collections.unmodifiableMap(out);
    }

    private static Object freeze(Object v) {
        if (v instanceof Map<?, ?> m) {
            return freezeMap(m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object item : l) {
                out.add(freeze(item));
            }
            return Collections.unmodifiableList(out);
        }
        return v;
    }
}
