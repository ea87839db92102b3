package dev.flowdb;

import java.util.Optional;

/**
 * The outcome of {@link FeatureStore#claim(long)}. Losing a race or finding the feature already
 * taken is an answer, not an error.
 */
public sealed interface ClaimResult {

    /** {@return the feature after the call, if it exists} */
    Optional<Feature> feature();

    /** {@return true if the caller may work on the feature now ({@link Claimed} or {@link AlreadyClaimed})} */
    default boolean isClaimed() {
        return this instanceof Claimed || this instanceof AlreadyClaimed;
    }

    /**
     * This call set the feature in progress.
     *
     * @param claimed the feature, now in progress and owned by the caller's agent
     */
    record Claimed(Feature claimed) implements ClaimResult {
        @Override
        public Optional<Feature> feature() {
            return Optional.of(claimed);
        }
    }

    /**
     * The feature was already in progress; as in the original, this counts as success (an
     * orchestrator marks a feature in progress before its agent claims it again).
     *
     * @param current the feature as it is
     */
    record AlreadyClaimed(Feature current) implements ClaimResult {
        @Override
        public Optional<Feature> feature() {
            return Optional.of(current);
        }
    }

    /**
     * The feature cannot be claimed.
     *
     * @param featureId the requested id
     * @param reason why
     * @param message the original's message, e.g. {@code Feature with ID 7 is already passing}
     * @param current the feature as it is, or {@code null} if it does not exist
     */
    record Refused(long featureId, Reason reason, String message, Feature current) implements ClaimResult {

        /**
         * {@return the refusal for an id that names no feature, with the original's text}
         *
         * @param featureId the id
         */
        public static Refused notFound(long featureId) {
            return new Refused(featureId, Reason.NOT_FOUND, FeatureNotFoundException.text(featureId), null);
        }

        /**
         * {@return the refusal for a passing feature, with the original's text}
         *
         * @param current the feature as it is
         */
        public static Refused alreadyPassing(Feature current) {
            return new Refused(current.id(), Reason.ALREADY_PASSING, IllegalFeatureStateException.alreadyPassingText(current.id()), current);
        }

        /**
         * {@return the refusal for a feature that waits for a person, with the original's text}
         *
         * @param current the feature as it is
         */
        public static Refused waitingForHumanInput(Feature current) {
            return new Refused(current.id(), Reason.WAITING_FOR_HUMAN_INPUT,
                    IllegalFeatureStateException.waitingForHumanInputText(current.id()), current);
        }

        @Override
        public Optional<Feature> feature() {
            return Optional.ofNullable(current);
        }
    }

    /** Why a claim was refused. */
    enum Reason {
        /** No feature has that id. */
        NOT_FOUND,
        /** The feature already passes. */
        ALREADY_PASSING,
        /** The feature waits for a person's answer. */
        WAITING_FOR_HUMAN_INPUT
    }
}
