package dev.flowdb;

/**
 * A write was attempted through a {@link Database} opened read-only, or SQLite refused to write
 * the file ({@code SQLITE_READONLY}: a read-only file or folder). Nothing was changed.
 */
public class ReadOnlyDatabaseException extends DatabaseAccessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was refused
     */
    public ReadOnlyDatabaseException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what was refused
     * @param cause the underlying failure
     */
    public ReadOnlyDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
