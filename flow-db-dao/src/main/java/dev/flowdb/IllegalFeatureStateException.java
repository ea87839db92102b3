package dev.flowdb;

/**
 * An operation does not apply to the feature in its current state, e.g. marking a feature passing twice, skipping a passing feature, or answering a feature that is not waiting for human input. The message is the original's wording.
 */
public class IllegalFeatureStateException extends FlowDbException {

    private static final long serialVersionUID = 1L;

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
