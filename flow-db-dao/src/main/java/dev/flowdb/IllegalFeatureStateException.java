package dev.flowdb;

/**
 * An operation does not apply to the feature in its current state, e.g. marking a feature passing twice, skipping a passing feature, or answering a feature that is not waiting for human input. The message is the original's wording.
 */
public class IllegalFeatureStateException extends FlowDbException {

    private static final long serialVersionUID = 1L;

    /**
     * {@return the original's refusal of a status change of a passing feature}
     *
     * @param featureId the feature
     */
    public static IllegalFeatureStateException alreadyPassing(long featureId) {
        return new IllegalFeatureStateException(alreadyPassingText(featureId));
    }

    /**
     * {@return the original's refusal to mark in progress a feature that already is}
     *
     * @param featureId the feature
     */
    public static IllegalFeatureStateException alreadyInProgress(long featureId) {
        return new IllegalFeatureStateException("Feature with ID " + featureId + " is already in-progress");
    }

    /**
     * {@return the original's refusal to start a feature that waits for a person}
     *
     * @param featureId the feature
     */
    public static IllegalFeatureStateException waitingForHumanInput(long featureId) {
        return new IllegalFeatureStateException(waitingForHumanInputText(featureId));
    }

    /**
     * {@return the original's refusal to ask a person about a feature nobody works on}
     *
     * @param featureId the feature
     */
    public static IllegalFeatureStateException notInProgress(long featureId) {
        return new IllegalFeatureStateException(notInProgressText(featureId));
    }

    /** {@return the original's refusal to take an answer for a feature that asked nothing} */
    public static IllegalFeatureStateException notWaitingForHumanInput() {
        return new IllegalFeatureStateException("Feature is not waiting for human input");
    }

    /** {@return the original's refusal to edit a passing feature} */
    public static IllegalFeatureStateException completedIsImmutable() {
        return new IllegalFeatureStateException("Cannot edit a completed feature. Features marked as done are immutable.");
    }

    /** {@return the original's refusal to skip a passing feature} */
    public static IllegalFeatureStateException cannotSkipPassing() {
        return new IllegalFeatureStateException("Cannot skip a feature that is already passing");
    }

    /**
     * {@return the original's answer when a claim failed although every flag allowed it}
     *
     * @param featureId the feature
     */
    public static IllegalFeatureStateException claimFailed(long featureId) {
        return new IllegalFeatureStateException("Failed to claim feature " + featureId + " for unknown reason");
    }

    static String alreadyPassingText(long featureId) {
        return "Feature with ID " + featureId + " is already passing";
    }

    static String waitingForHumanInputText(long featureId) {
        return "Feature with ID " + featureId + " is blocked waiting for human input";
    }

    static String notInProgressText(long featureId) {
        return "Feature with ID " + featureId + " is not in progress";
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public IllegalFeatureStateException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public IllegalFeatureStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
