package dev.flowdb;

/**
 * The root of every failure flow-db reports. All flow-db exceptions are unchecked; catch this
 * type to handle any of them, or one of its subclasses to act on a particular cause.
 *
 * <p>Expected outcomes such as a lost claim race or an empty ready list are return values, not
 * exceptions. When a call fails, the database is left as it was before the call.
 */
public abstract class FlowDbException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the field or id concerned
     */
    protected FlowDbException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the field or id concerned
     * @param cause the underlying failure
     */
    protected FlowDbException(String message, Throwable cause) {
        super(message, cause);
    }
}
