package dev.flowdb;

/**
 * A dependency change or a batch would break the rules of the dependency graph: a feature depending on itself, an unknown id, a duplicate, more than 20 dependencies, an out-of-range batch index, or a cycle. The message is the original's wording where one exists.
 */
public class InvalidDependencyException extends FlowDbException {

    private static final long serialVersionUID = 1L;

    /** {@return the refusal of a feature that would depend on itself} */
    public static InvalidDependencyException self() {
        return new InvalidDependencyException("A feature cannot depend on itself");
    }

    /**
     * {@return the refusal of {@code feature_add_dependency} for an unknown dependency}
     *
     * @param dependencyId the id that names no feature
     */
    public static InvalidDependencyException unknown(long dependencyId) {
        return new InvalidDependencyException("Dependency feature " + dependencyId + " not found");
    }

    /**
     * {@return the refusal of a list that names features that do not exist}
     *
     * @param missing the unknown ids, in the list's order
     */
    public static InvalidDependencyException unknown(java.util.List<Long> missing) {
        return new InvalidDependencyException("Dependencies not found: "
                + missing.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ", "[", "]")));
    }

    /**
     * {@return the refusal of a bulk item whose dependency id names no feature}
     *
     * @param dependencyId the unknown id
     * @param index the item's index in the batch
     */
    public static InvalidDependencyException unknownInBatch(long dependencyId, int index) {
        return new InvalidDependencyException("Dependency " + dependencyId + " not found for feature at index " + index);
    }

    /** {@return the refusal of one more dependency for a feature that has the most allowed} */
    public static InvalidDependencyException tooManyForOne() {
        return new InvalidDependencyException("Maximum " + FeatureStore.MAX_DEPENDENCIES + " dependencies allowed per feature");
    }

    /** {@return the refusal of a dependency list longer than allowed} */
    public static InvalidDependencyException tooMany() {
        return new InvalidDependencyException("Maximum " + FeatureStore.MAX_DEPENDENCIES + " dependencies allowed");
    }

    /** {@return the refusal of a dependency the feature already has} */
    public static InvalidDependencyException alreadyExists() {
        return new InvalidDependencyException("Dependency already exists");
    }

    /** {@return the refusal to remove a dependency the feature does not have} */
    public static InvalidDependencyException doesNotExist() {
        return new InvalidDependencyException("Dependency does not exist");
    }

    /** {@return the refusal of a list that names one id twice} */
    public static InvalidDependencyException duplicates() {
        return new InvalidDependencyException("Duplicate dependencies not allowed");
    }

    /** {@return the refusal of {@code feature_add_dependency} that would close a cycle} */
    public static InvalidDependencyException wouldCycle() {
        return new InvalidDependencyException("Cannot add: would create circular dependency");
    }

    /**
     * {@return the refusal of a dependency list in which {@code dependencyId} would close a cycle}
     *
     * @param dependencyId the first dependency, in the list's order, that would
     */
    public static InvalidDependencyException wouldCycle(long dependencyId) {
        return new InvalidDependencyException("Cannot add dependency " + dependencyId + ": would create circular dependency");
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public InvalidDependencyException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public InvalidDependencyException(String message, Throwable cause) {
        super(message, cause);
    }
}
