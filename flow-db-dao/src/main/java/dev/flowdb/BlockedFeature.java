package dev.flowdb;

import java.util.List;

/**
 * A feature that cannot start because some of its dependencies do not pass.
 *
 * @param feature the feature
 * @param blockedBy the dependency ids that are not passing or do not exist, in stored order (a
 *        duplicated dependency is listed twice, as in the original)
 */
public record BlockedFeature(Feature feature, List<Long> blockedBy) {

    /**
     * Copies the list.
     *
     * @param feature the {@code feature} component
     * @param blockedBy the {@code blockedBy} component
     */
    public BlockedFeature {
        blockedBy = List.copyOf(blockedBy);
    }
}
