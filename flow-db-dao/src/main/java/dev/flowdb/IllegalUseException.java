package dev.flowdb;

/**
 * A {@link Database} was used where it cannot act: after {@link Database#close()}, or inside the
 * write transaction of another {@code Database} open on the same thread (each handle has its own
 * writer, so the inner one could never see the outer one's changes). A programming error, not a
 * state of the data: nothing was changed.
 */
public class IllegalUseException extends FlowDbException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused, and why
     */
    public IllegalUseException(String message) {
        super(message);
    }
}
