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
     * The original's answer for an id that names no feature: {@code Feature with ID 7 not found}.
     *
     * @param featureId the id
     * @return the exception
     */
    public static FeatureNotFoundException of(long featureId) {
        return new FeatureNotFoundException(featureId, text(featureId));
    }

    /**
     * The original's shorter wording in its dependency tools, for the feature whose dependencies
     * are being changed: {@code Feature 7 not found}.
     *
     * @param featureId the id
     * @return the exception
     */
    public static FeatureNotFoundException ofDependent(long featureId) {
        return new FeatureNotFoundException(featureId, "Feature " + featureId + " not found");
    }

    /** The text of {@link #of(long)}, for the results that carry it without throwing. */
    static String text(long featureId) {
        return "Feature with ID " + featureId + " not found";
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
