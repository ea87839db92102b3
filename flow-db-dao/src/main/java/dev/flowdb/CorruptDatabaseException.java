package dev.flowdb;

/**
 * The file is not a SQLite database, or SQLite reports it damaged ({@code SQLITE_NOTADB}, {@code SQLITE_CORRUPT}, a failed integrity check). The file is left untouched; {@code sqlite3 features.db ".recover"} may rescue its contents.
 */
public class CorruptDatabaseException extends FlowDbException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public CorruptDatabaseException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public CorruptDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
