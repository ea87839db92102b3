package dev.flowdb;

/**
 * Whose rules a {@link FeatureStore} applies where the original's entry points differ from one
 * another. The original's MCP tools refuse a feature without steps or with a blank text, and its
 * skip refuses a passing feature and gives up the claim; its REST router (what the original web
 * UI's add form and card dialog call) stores those as given and moves any feature. A front end
 * that stands in for one of those entry points picks that entry point's rules, so a client of the
 * original sees the answers it was written against.
 *
 * <p>Everything else is the same under both: length limits (100 characters for a category, 255
 * for a name: the PostgreSQL columns hold no more), {@code null}s refused, and every dependency
 * rule (no self, unknown or cyclic dependency is ever stored, whoever asks).
 *
 * <pre>{@code
 * FeatureStore forTheWebUi = db.features(Actor.of("web", "http"), EntryRules.ORIGINAL_REST);
 * forTheWebUi.create(new NewFeature("ui", "Dark mode", "", List.of()));   // stored as given
 * }</pre>
 */
@Beta
public enum EntryRules {

    /**
     * flow-db's own and the MCP tools' rules: category, name and description not blank, at least
     * one step and none blank; {@link FeatureStore#skip(long)} refuses a passing feature and
     * releases the claim of the feature it moves.
     */
    STANDARD,

    /**
     * The original REST router's rules: empty or blank category, name and description and an empty
     * step list (or blank steps) are stored as given; {@link FeatureStore#skip(long)} moves any
     * feature, a passing one too, and changes nothing but its priority (a claimed feature stays
     * claimed).
     */
    ORIGINAL_REST;

    /** {@return whether texts and step lists may be empty} */
    public boolean allowsEmptyTexts() {
        return this == ORIGINAL_REST;
    }

    /** {@return whether skip moves a passing feature and keeps a claim} */
    public boolean skipOnlyMoves() {
        return this == ORIGINAL_REST;
    }
}
