package dev.flowdb;

import dev.flowdb.internal.store.Validation;

import java.util.List;

/**
 * Changes to a feature's descriptive fields; {@code null} means "leave as it is".
 *
 * <pre>{@code
 * features.update(7, FeatureUpdate.empty().withName("Login with email").withPriority(3));
 * }</pre>
 *
 * @param category new category (1–100 characters) or {@code null}
 * @param name new name (1–255 characters) or {@code null}
 * @param description new description (not blank) or {@code null}
 * @param steps new steps (at least one) or {@code null}
 * @param priority new priority or {@code null}
 */
public record FeatureUpdate(String category, String name, String description, List<String> steps, Long priority) {

    /**
     * Copies the step list.
     *
     * @param category the record's {@code category}
     * @param name the record's {@code name}
     * @param description the record's {@code description}
     * @param steps the record's {@code steps}
     * @param priority the record's {@code priority}
     * @throws ValidationException if it holds {@code null}
     */
    public FeatureUpdate {
        steps = Validation.copyWithoutNulls("steps", steps);
    }

    /** {@return an update that changes nothing} */
    public static FeatureUpdate empty() {
        return new FeatureUpdate(null, null, null, null, null);
    }

    /**
     * Sets the category.
     *
     * @param value new category
     * @return a copy that sets it
     */
    public FeatureUpdate withCategory(String value) {
        return new FeatureUpdate(value, name, description, steps, priority);
    }

    /**
     * Sets the name.
     *
     * @param value new name
     * @return a copy that sets it
     */
    public FeatureUpdate withName(String value) {
        return new FeatureUpdate(category, value, description, steps, priority);
    }

    /**
     * Sets the description.
     *
     * @param value new description
     * @return a copy that sets it
     */
    public FeatureUpdate withDescription(String value) {
        return new FeatureUpdate(category, name, value, steps, priority);
    }

    /**
     * Sets the steps.
     *
     * @param value new steps
     * @return a copy that sets them
     */
    public FeatureUpdate withSteps(List<String> value) {
        return new FeatureUpdate(category, name, description, value, priority);
    }

    /**
     * Sets the priority.
     *
     * @param value new priority
     * @return a copy that sets it
     */
    public FeatureUpdate withPriority(long value) {
        return new FeatureUpdate(category, name, description, steps, value);
    }

    /** {@return true if nothing would change} */
    public boolean isEmpty() {
        return category == null && name == null && description == null && steps == null && priority == null;
    }
}
