package dev.flowdb;

/**
 * The database file could not be opened, read or written for a reason outside flow-db's rules: a path that is a folder, a folder that cannot be created, missing permissions, a full disk, an I/O error, or any other SQLite failure.
 */
public class DatabaseAccessException extends FlowDbException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public DatabaseAccessException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public DatabaseAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
