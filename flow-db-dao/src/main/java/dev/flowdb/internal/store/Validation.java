package dev.flowdb.internal.store;

import dev.flowdb.internal.wire.PyJson;

import dev.flowdb.EntryRules;
import dev.flowdb.HumanInputRequest;
import dev.flowdb.ValidationException;
import java.util.List;
import java.util.Map;

/** Argument checks shared by the store, the log and the handle, with the original's limits (REFERENCE §7.22). */
public final class Validation {

    static final int MAX_CATEGORY = 100;
    static final int MAX_NAME = 255;

    private Validation() {
    }

    /**
     * @param field the argument's name
     * @param value the argument
     * @param <T> its type
     * @return {@code value}
     * @throws ValidationException if it is {@code null}
     */
    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new ValidationException(field, field + " must not be null");
        }
        return value;
    }

    /**
     * An immutable copy of a list that must not hold {@code null}.
     *
     * @param field the list's name, for the message
     * @param list the list, may be {@code null} (then {@code null} is returned)
     * @param <T> element type
     * @return the copy
     * @throws ValidationException naming the first {@code null} element, e.g. {@code steps[1]}
     */
    public static <T> List<T> copyWithoutNulls(String field, List<T> list) {
        if (list == null) {
            return null;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new ValidationException(field + "[" + i + "]", field + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(list);
    }

    public static void id(String name, long id) {
        if (id < 1) {
            throw new ValidationException(name, name + " must be at least 1, got " + id);
        }
    }

    public static void limit(int limit) {
        if (limit < 1) {
            throw new ValidationException("limit", "limit must be at least 1, got " + limit);
        }
    }

    static String text(String field, String value, int max, EntryRules rules) {
        if (value == null) {
            // the standard rules have always called a missing text blank
            throw new ValidationException(field, field + (rules.allowsEmptyTexts() ? " must not be null" : " must not be blank"));
        }
        if (value.isBlank() && !rules.allowsEmptyTexts()) {
            throw new ValidationException(field, field + " must not be blank");
        }
        if (value.length() > max) {
            throw new ValidationException(field, field + " must be at most " + max + " characters, got " + value.length());
        }
        return value;
    }

    static List<String> steps(String field, List<String> steps, EntryRules rules) {
        if (steps == null) {
            throw new ValidationException(field, field + (rules.allowsEmptyTexts() ? " must not be null" : " must list at least one step"));
        }
        if (steps.isEmpty() && !rules.allowsEmptyTexts()) {
            throw new ValidationException(field, field + " must list at least one step");
        }
        for (int i = 0; i < steps.size(); i++) {
            String step = steps.get(i);
            if (step == null || (step.isBlank() && !rules.allowsEmptyTexts())) {
                throw new ValidationException(field + "[" + i + "]", field + "[" + i + "] must not be blank");
            }
        }
        return steps;
    }

    /**
     * The original's check of an answer: the first field, in request order, whose {@code required}
     * is not {@code false} (absent counts as required) and whose answer is missing or {@code ""};
     * {@code false} and {@code []} are answers. A stored request that cannot be read asks nothing.
     */
    static void answers(String storedRequest, Map<String, Object> answers) {
        HumanInputRequest request;
        try {
            request = HumanInputRequest.parse(storedRequest);
        } catch (ValidationException unreadable) {
            return;
        }
        for (HumanInputRequest.Field field : request.fields()) {
            if (!field.required()) {
                continue;
            }
            Object key = field.attributes().get("id");
            Object answer = answers.get(String.valueOf(key));
            if (answer == null || "".equals(answer)) {
                Object label = field.attributes().get("label");
                String name = PyJson.str(label != null ? label : key);
                throw new ValidationException("answers." + key, "Required field '" + name + "' is missing");
            }
        }
    }
}
