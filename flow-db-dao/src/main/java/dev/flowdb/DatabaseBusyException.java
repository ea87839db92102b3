package dev.flowdb;

/**
 * Another connection or process held the write lock longer than the busy timeout (SQLite {@code SQLITE_BUSY} / {@code SQLITE_LOCKED}), or the single writer connection of this process stayed taken that long. Nothing was changed; the call may be retried.
 */
public class DatabaseBusyException extends FlowDbException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public DatabaseBusyException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public DatabaseBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
