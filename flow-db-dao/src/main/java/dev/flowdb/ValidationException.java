package dev.flowdb;

/**
 * An argument is invalid: a blank name, a category of more than 100 characters, an id below 1, a limit below 1 and the like. The message says which field and why; {@link #field()} names it.
 */
public class ValidationException extends FlowDbException {

    private static final long serialVersionUID = 1L;

    /** The input that was refused. */
    private final String field;

    /**
     * Creates the value.
     *
     * @param field the name of the invalid argument or field, e.g. {@code name} or {@code steps[2]}
     * @param message what is wrong with it; should name the field
     */
    public ValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    /**
     * Which input was refused.
     *
     * @return the name of the invalid argument or field
     */
    public String field() {
        return field;
    }
}
