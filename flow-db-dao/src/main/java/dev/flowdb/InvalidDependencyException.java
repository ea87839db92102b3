package dev.flowdb;

/**
 * A dependency change or a batch would break the rules of the dependency graph: a feature depending on itself, an unknown id, a duplicate, more than 20 dependencies, an out-of-range batch index, or a cycle. The message is the original's wording where one exists.
 */
public class InvalidDependencyException extends FlowDbException {

    private static final long serialVersionUID = 1L;

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
