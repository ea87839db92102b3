package dev.flowdb;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A dependency change or a batch would break the rules of the dependency graph: a feature depending
 * on itself, an unknown id, a duplicate, more than 20 dependencies, an out-of-range batch index, or
 * a cycle. The message is the original's wording where one exists; {@link #reason()} says which
 * rule was broken, so a front end that words a refusal its own way (the original's REST router
 * does, for some) switches on it instead of comparing texts.
 */
public class InvalidDependencyException extends FlowDbException {

    private static final long serialVersionUID = 1L;

    /** Which rule of the dependency graph a change would break. */
    public enum Reason {
        /** A feature would depend on itself. */
        SELF,
        /** A dependency names no feature. */
        UNKNOWN,
        /** More dependencies than {@link FeatureStore#MAX_DEPENDENCIES}. */
        TOO_MANY,
        /** The dependency is there already (adding one). */
        ALREADY_EXISTS,
        /** The dependency is not there (removing one). */
        DOES_NOT_EXIST,
        /** A list names one id twice. */
        DUPLICATE,
        /** The change would close a cycle. */
        CYCLE,
        /** A batch reference is out of range, or a batch reference was given where no batch is. */
        BATCH_INDEX,
        /** Any other refusal, made with the public constructors. */
        OTHER
    }

    /** The rule broken; transient like every field of an exception that need not travel. */
    private final transient Reason reason;

    /** {@return the refusal of a feature that would depend on itself} */
    public static InvalidDependencyException self() {
        return new InvalidDependencyException(Reason.SELF, "A feature cannot depend on itself");
    }

    /**
     * {@return the refusal of {@code feature_add_dependency} for an unknown dependency}
     *
     * @param dependencyId the id that names no feature
     */
    public static InvalidDependencyException unknown(long dependencyId) {
        return new InvalidDependencyException(Reason.UNKNOWN, "Dependency feature " + dependencyId + " not found");
    }

    /**
     * {@return the refusal of a list that names features that do not exist}
     *
     * @param missing the unknown ids, in the list's order
     */
    public static InvalidDependencyException unknown(List<Long> missing) {
        return new InvalidDependencyException(Reason.UNKNOWN, "Dependencies not found: "
                + missing.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]")));
    }

    /**
     * {@return the refusal of a bulk item whose dependency id names no feature}
     *
     * @param dependencyId the unknown id
     * @param index the item's index in the batch
     */
    public static InvalidDependencyException unknownInBatch(long dependencyId, int index) {
        return new InvalidDependencyException(Reason.UNKNOWN, "Dependency " + dependencyId + " not found for feature at index " + index);
    }

    /** {@return the refusal of one more dependency for a feature that has the most allowed} */
    public static InvalidDependencyException tooManyForOne() {
        return new InvalidDependencyException(Reason.TOO_MANY, "Maximum " + FeatureStore.MAX_DEPENDENCIES + " dependencies allowed per feature");
    }

    /** {@return the refusal of a dependency list longer than allowed} */
    public static InvalidDependencyException tooMany() {
        return new InvalidDependencyException(Reason.TOO_MANY, "Maximum " + FeatureStore.MAX_DEPENDENCIES + " dependencies allowed");
    }

    /** {@return the refusal of a dependency the feature already has} */
    public static InvalidDependencyException alreadyExists() {
        return new InvalidDependencyException(Reason.ALREADY_EXISTS, "Dependency already exists");
    }

    /** {@return the refusal to remove a dependency the feature does not have} */
    public static InvalidDependencyException doesNotExist() {
        return new InvalidDependencyException(Reason.DOES_NOT_EXIST, "Dependency does not exist");
    }

    /** {@return the refusal of a list that names one id twice} */
    public static InvalidDependencyException duplicates() {
        return new InvalidDependencyException(Reason.DUPLICATE, "Duplicate dependencies not allowed");
    }

    /** {@return the refusal of {@code feature_add_dependency} that would close a cycle} */
    public static InvalidDependencyException wouldCycle() {
        return new InvalidDependencyException(Reason.CYCLE, "Cannot add: would create circular dependency");
    }

    /**
     * {@return the refusal of a dependency list in which {@code dependencyId} would close a cycle}
     *
     * @param dependencyId the first dependency, in the list's order, that would
     */
    public static InvalidDependencyException wouldCycle(long dependencyId) {
        return new InvalidDependencyException(Reason.CYCLE, "Cannot add dependency " + dependencyId + ": would create circular dependency");
    }

    /**
     * Creates the exception for a rule the factories do not name ({@link Reason#OTHER}).
     *
     * @param message what went wrong
     */
    public InvalidDependencyException(String message) {
        this(Reason.OTHER, message);
    }

    /**
     * Creates the exception for a rule the factories do not name ({@link Reason#OTHER}).
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public InvalidDependencyException(String message, Throwable cause) {
        super(message, cause);
        this.reason = Reason.OTHER;
    }

    /**
     * Creates the exception.
     *
     * @param reason the rule broken
     * @param message what went wrong
     */
    public InvalidDependencyException(Reason reason, String message) {
        super(message);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    /** {@return which rule was broken ({@link Reason#OTHER} after deserialisation)} */
    public Reason reason() {
        return reason == null ? Reason.OTHER : reason;
    }
}
