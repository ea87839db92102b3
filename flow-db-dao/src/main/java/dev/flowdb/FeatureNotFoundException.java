package dev.flowdb;

/**
 * A feature id names no feature in the database. {@link #featureId()} gives the id.
 */
public class FeatureNotFoundException extends FlowDbException {

    private static final long serialVersionUID = 1L;

    /** The id that names no feature. */
    private final long featureId;

    /**
     * Creates the value.
     *
     * @param featureId the id that names no feature
     * @param message the message, e.g. {@code Feature with ID 7 not found}
     */
    public FeatureNotFoundException(long featureId, String message) {
        super(message);
        this.featureId = featureId;
    }

    /**
     * The id that was looked for.
     *
     * @return the id that names no feature
     */
    public long featureId() {
        return featureId;
    }
}
