package dev.flowdb;

import dev.flowdb.internal.Validation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A question an agent puts to a person before it can go on with a feature
 * ({@link FeatureStore#requestHumanInput(long, HumanInputRequest)}).
 *
 * @param prompt what the agent asks, not blank
 * @param fields the answers it needs, at least one, with unique ids
 */
public record HumanInputRequest(String prompt, List<Field> fields) {

    /** Field types the original accepts. */
    public static final Set<String> TYPES = Set.of("text", "textarea", "select", "boolean");

    /**
     * @throws ValidationException naming the offending field: a blank prompt, no fields, a field
     *         without id or label, a duplicate id, an unknown type, a select without options
     */
    public HumanInputRequest {
        if (prompt == null || prompt.isBlank()) {
            throw new ValidationException("prompt", "prompt must not be blank");
        }
        if (fields == null || fields.isEmpty()) {
            throw new ValidationException("fields", "fields must list at least one field");
        }
        fields = Validation.copyWithoutNulls("fields", fields);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            String at = "fields[" + i + "]";
            if (f.id() == null || f.id().isBlank()) {
                throw new ValidationException(at + ".id", at + ".id must not be blank");
            }
            if (f.label() == null || f.label().isBlank()) {
                throw new ValidationException(at + ".label", at + ".label must not be blank");
            }
            if (!ids.add(f.id())) {
                throw new ValidationException(at + ".id", at + ".id '" + f.id() + "' is used by another field");
            }
            if (!TYPES.contains(f.type())) {
                throw new ValidationException(at + ".type", at + ".type must be one of text, textarea, select, boolean; got '" + f.type() + "'");
            }
            if (f.type().equals("select") && f.options().isEmpty()) {
                throw new ValidationException(at + ".options", at + ".options must not be empty for a select field");
            }
        }
    }

    /**
     * One answer the agent needs.
     *
     * @param id key of the answer
     * @param label what the person sees
     * @param type {@code text}, {@code textarea}, {@code select} or {@code boolean}
     * @param required whether an answer must give it
     * @param options the choices of a {@code select}
     */
    public record Field(String id, String label, String type, boolean required, List<String> options) {

        /** Copies the options; {@code null} becomes empty. */
        public Field {
            options = options == null ? List.of() : List.copyOf(options);
        }

        /**
         * A required text field.
         *
         * @param id key of the answer
         * @param label what the person sees
         * @return the field
         */
        public static Field text(String id, String label) {
            return new Field(id, label, "text", true, List.of());
        }
    }
}
