package dev.flowdb;

/**
 * Counts over the whole backlog, as the original's {@code feature_get_stats} reports them.
 *
 * @param passing features that pass
 * @param inProgress features in progress (passing ones included, as in the original)
 * @param needsHumanInput features waiting for a person
 * @param total all features
 * @param percentage {@code passing / total * 100} rounded half-even to one decimal (Python's
 *        {@code round}); {@code 0.0} for an empty backlog
 */
public record FeatureStats(long passing, long inProgress, long needsHumanInput, long total, double percentage) {

    /**
     * Whether the backlog is done.
     *
     * @return true when there is at least one feature and every feature passes: the explicit
     *         "all done" signal an agent loop should stop on
     */
    public boolean isComplete() {
        return total > 0 && passing == total;
    }
}
