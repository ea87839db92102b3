package dev.flowdb;

import java.util.List;

/**
 * The first features that can be started now, best first, and how many there are in all.
 *
 * @param features at most the requested number of ready features, in scheduling order
 * @param totalReady how many features are ready in all
 */
public record ReadyPage(List<Feature> features, long totalReady) {

    /**
     * Copies the list.
     *
     * @param features the {@code features} component
     * @param totalReady the {@code totalReady} component
     */
    public ReadyPage {
        features = List.copyOf(features);
    }
}
