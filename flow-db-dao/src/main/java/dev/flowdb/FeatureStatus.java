package dev.flowdb;

/**
 * The status of a feature as the dependency graph shows it. "Blocked" is derived from the
 * dependencies, never stored.
 */
public enum FeatureStatus {
    /** Passing. */
    DONE("done"),
    /** Waiting for a person's answer. */
    NEEDS_HUMAN_INPUT("needs_human_input"),
    /** Not passing, and at least one dependency is not passing or does not exist. */
    BLOCKED("blocked"),
    /** Claimed by an agent, all dependencies passing. */
    IN_PROGRESS("in_progress"),
    /** Waiting to be picked up, all dependencies passing. */
    PENDING("pending");

    private final String wireName;

    FeatureStatus(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The status in the Python original's order: done, waiting for human input, blocked, in
     * progress, pending (an in-progress feature with an unmet dependency shows as blocked).
     *
     * @param passes whether the feature passes
     * @param needsHumanInput whether it waits for a person
     * @param dependenciesMet whether every dependency names a passing feature
     * @param inProgress whether it is in progress
     * @return the status
     */
    public static FeatureStatus of(boolean passes, boolean needsHumanInput, boolean dependenciesMet, boolean inProgress) {
        if (passes) {
            return DONE;
        }
        if (needsHumanInput) {
            return NEEDS_HUMAN_INPUT;
        }
        if (!dependenciesMet) {
            return BLOCKED;
        }
        return inProgress ? IN_PROGRESS : PENDING;
    }

    /** {@return the name the Python original uses in JSON, e.g. {@code needs_human_input}} */
    public String wireName() {
        return wireName;
    }
}
