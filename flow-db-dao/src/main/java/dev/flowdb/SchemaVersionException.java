package dev.flowdb;

/**
 * The file was written by a newer flow-db (its schema version is higher than this library's), or a read-only open met a file that needs migrating. The file is left untouched.
 */
public class SchemaVersionException extends FlowDbException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public SchemaVersionException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public SchemaVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
