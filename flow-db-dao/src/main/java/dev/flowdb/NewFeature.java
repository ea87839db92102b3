package dev.flowdb;

import dev.flowdb.internal.store.Validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A feature to create. Validation happens when it is created (so a batch can say which item is
 * wrong): category 1–100 characters, name 1–255, a non-blank description, at least one step.
 *
 * <pre>{@code
 * NewFeature login = new NewFeature("auth", "Login form", "Email and password", List.of("open /login", "submit"));
 * NewFeature logout = new NewFeature("auth", "Logout", "…", List.of("click logout")).dependsOn(DependencyRef.id(login.id()));
 * }</pre>
 *
 * @param category group, 1–100 characters
 * @param name title, 1–255 characters
 * @param description what to build, not blank
 * @param steps how to verify it, at least one
 * @param priority explicit priority, or {@code null} for "after everything else" (MAX + 1)
 * @param dependencies what it depends on
 */
public record NewFeature(String category, String name, String description, List<String> steps, Long priority,
                         List<DependencyRef> dependencies) {

    /**
     * Copies the lists; {@code null} dependencies become an empty list.
     *
     * @param category the record's {@code category}
     * @param name the record's {@code name}
     * @param description the record's {@code description}
     * @param steps the record's {@code steps}
     * @param priority the record's {@code priority}
     * @param dependencies the record's {@code dependencies}
     * @throws ValidationException if a list holds {@code null}
     */
    public NewFeature {
        steps = Validation.copyWithoutNulls("steps", steps);
        dependencies = dependencies == null ? List.of() : Validation.copyWithoutNulls("dependencies", dependencies);
    }

    /**
     * A feature with no explicit priority and no dependencies.
     *
     * @param category group
     * @param name title
     * @param description what to build
     * @param steps how to verify it
     */
    public NewFeature(String category, String name, String description, List<String> steps) {
        this(category, name, description, steps, null, List.of());
    }

    /**
     * This feature with more dependencies.
     *
     * @param refs dependencies to add to this feature's list
     * @return a copy depending on {@code refs} as well
     */
    public NewFeature dependsOn(DependencyRef... refs) {
        List<DependencyRef> all = new ArrayList<>(dependencies);
        all.addAll(Arrays.asList(refs));
        for (DependencyRef ref : all) {
            if (ref == null) {
                throw new ValidationException("dependencies", "dependencies must not contain null");
            }
        }
        return new NewFeature(category, name, description, steps, priority, all);
    }

    /**
     * This feature with an explicit priority.
     *
     * @param value the priority to use instead of MAX + 1
     * @return a copy with that priority
     */
    public NewFeature withPriority(long value) {
        return new NewFeature(category, name, description, steps, value, dependencies);
    }
}
