package dev.flowdb;

import java.util.List;

/**
 * The first blocked features in id order, and how many there are in all.
 *
 * @param features at most the requested number of blocked features
 * @param totalBlocked how many features are blocked in all
 */
public record BlockedPage(List<BlockedFeature> features, long totalBlocked) {

    /**
     * Copies the list.
     *
     * @param features the {@code features} component
     * @param totalBlocked the {@code totalBlocked} component
     */
    public BlockedPage {
        features = List.copyOf(features);
    }
}
