package dev.flowdb;

import java.util.Optional;

/**
 * The outcome of {@link FeatureStore#renewClaim(long)}. A claim that is no longer the caller's
 * (released as stale, taken by another agent, finished) is an answer the caller must act on, not
 * an error: it should stop working on the feature.
 */
@Beta
public sealed interface RenewResult {

    /** {@return the feature after the call, if it exists} */
    Optional<Feature> feature();

    /** {@return true if the caller still holds the claim, with a fresh lease} */
    default boolean isRenewed() {
        return this instanceof Renewed;
    }

    /**
     * The lease runs from now.
     *
     * @param renewed the feature, with {@link Feature#claimRenewedAt()} set to now
     */
    record Renewed(Feature renewed) implements RenewResult {
        @Override
        public Optional<Feature> feature() {
            return Optional.of(renewed);
        }
    }

    /**
     * The caller does not hold a claim on the feature; nothing changed.
     *
     * @param featureId the requested id
     * @param reason why
     * @param message what to tell the agent, e.g. {@code Feature with ID 7 is claimed by coder-2, not coder-1}
     * @param current the feature as it is, or {@code null} if it does not exist
     */
    record NotHeld(long featureId, Reason reason, String message, Feature current) implements RenewResult {

        /**
         * {@return the answer for an id that names no feature}
         *
         * @param featureId the id
         */
        public static NotHeld notFound(long featureId) {
            return new NotHeld(featureId, Reason.NOT_FOUND, FeatureNotFoundException.text(featureId), null);
        }

        /**
         * {@return the answer for a feature nobody holds}
         *
         * @param current the feature as it is
         */
        public static NotHeld notClaimed(Feature current) {
            return new NotHeld(current.id(), Reason.NOT_CLAIMED, IllegalFeatureStateException.notInProgressText(current.id()), current);
        }

        /**
         * {@return the answer for a feature another agent holds}
         *
         * @param current the feature as it is
         * @param agent the agent that asked to renew
         */
        public static NotHeld claimedByOther(Feature current, String agent) {
            String holder = current.claimedBy() == null ? "a tool that records no holder" : current.claimedBy();
            return new NotHeld(current.id(), Reason.CLAIMED_BY_OTHER,
                    "Feature with ID " + current.id() + " is claimed by " + holder + ", not " + agent, current);
        }

        @Override
        public Optional<Feature> feature() {
            return Optional.ofNullable(current);
        }
    }

    /** Why a renewal was refused. */
    enum Reason {
        /** No feature has that id. */
        NOT_FOUND,
        /** The feature is not in progress (released, finished, waiting for a person, never claimed). */
        NOT_CLAIMED,
        /** Another agent holds the claim, or a tool that records no holder set it in progress. */
        CLAIMED_BY_OTHER
    }
}
