package dev.flowdb;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The feature backlog: domain verbs over the {@code features} table, each acting for one
 * {@link Actor} and writing its change events in the same transaction as the change.
 *
 * <p>Obtain one from {@link Database#features(Actor)} (each call is its own transaction) or from
 * {@link Transaction#features()} inside {@link Database#write} (all calls share that
 * transaction). Semantics and messages are those of the Python autocoder's MCP tools
 * (REFERENCE §7), with the defects of the originals fixed.
 *
 * <pre>{@code
 * FeatureStore features = db.features(Actor.of("coder-2", "mcp"));
 * Optional<Feature> next = features.claimNextReady();
 * next.ifPresent(f -> features.markPassing(f.id()));
 * }</pre>
 */
public interface FeatureStore {

    /** Most dependencies a feature may have. */
    int MAX_DEPENDENCIES = 20;

    /**
     * Creates one feature. Without an explicit priority it gets MAX(priority) + 1 (1 for the
     * first feature). Dependencies must name existing features ({@link DependencyRef.Id});
     * a batch index makes no sense here and is refused.
     *
     * @param feature what to create
     * @return the created feature
     * @throws ValidationException for a missing or oversize field
     * @throws InvalidDependencyException for an index reference, an unknown or duplicate id, more than 20
     */
    Feature create(NewFeature feature);

    /**
     * Creates many features at once, all or nothing. Items without an explicit priority get
     * consecutive priorities after the current maximum. Dependencies may name existing features
     * by id or other items of the batch by index, forward or backward; a batch whose
     * dependencies would form a cycle is refused whole.
     *
     * @param features what to create, in order
     * @return the created features, in the order given
     * @throws ValidationException naming the item index and field
     * @throws InvalidDependencyException for an unknown id, an out-of-range or self index, a duplicate, more than 20, a cycle
     */
    List<Feature> createBulk(List<NewFeature> features);

    /**
     * Like {@link #createBulk(List)}, but leaves out items whose (category, name) already exists
     * in the database or earlier in the batch — the guard against re-run initializers that
     * created the same backlog twice. Index references to a left-out item point at the
     * existing feature of the same (category, name).
     *
     * @param features what to create
     * @return what was created and what was left out
     */
    BulkResult createBulkSkippingDuplicates(List<NewFeature> features);

    /**
     * Reads one feature.
     *
     * @param id feature id
     * @return the feature, or empty if no feature has that id
     * @throws ValidationException if {@code id < 1}
     */
    Optional<Feature> getById(long id);

    /** {@return every feature, ordered by priority, then id (an unmodifiable list)} */
    List<Feature> getAll();

    /**
     * Changes descriptive fields of a feature that does not pass yet.
     *
     * @param id feature id
     * @param update the changes ({@code null} fields are left as they are)
     * @return the feature after the change
     * @throws FeatureNotFoundException if there is no such feature
     * @throws IllegalFeatureStateException if it passes ({@code Cannot edit a completed feature. Features marked as done are immutable.})
     * @throws ValidationException for an invalid value
     */
    Feature update(long id, FeatureUpdate update);

    /**
     * Deletes a feature and removes its id from every other feature's dependencies, in one
     * transaction. Its change events stay in the log, followed by a {@code deleted} event.
     *
     * @param id feature id
     * @return ids of the features whose dependencies lost the deleted id, ascending
     * @throws FeatureNotFoundException if there is no such feature
     */
    List<Long> delete(long id);

    /**
     * The features that can be started now: not passing, not in progress, not waiting for a
     * person, and every dependency names a passing feature (a missing one never does). Ordered
     * by the original's scheduling score (descending), then priority, then id.
     *
     * @param limit how many to return, at least 1
     * @return the first {@code limit} ready features and the total
     * @throws ValidationException if {@code limit < 1}
     */
    ReadyPage ready(int limit);

    /**
     * The features that cannot start: not passing, and at least one dependency does not name a
     * passing feature. In-progress features and those waiting for a person are included. Id order.
     *
     * @param limit how many to return, at least 1
     * @return the first {@code limit} blocked features with what blocks them, and the total
     * @throws ValidationException if {@code limit < 1}
     */
    BlockedPage blocked(int limit);

    /** {@return passing / in-progress / waiting / total counts and the rounded percentage} */
    FeatureStats stats();

    /** {@return every feature with its derived status, dependencies and dependents, and every edge} */
    DependencyGraph graph();

    /**
     * Claims a feature for this store's agent: one conditional update that sets it in progress
     * if it is neither passing, in progress nor waiting for a person. Dependencies are not
     * checked (an orchestrator pre-selects ready features), as in the original.
     *
     * @param id feature id
     * @return {@link ClaimResult.Claimed}, {@link ClaimResult.AlreadyClaimed} (idempotent success), or {@link ClaimResult.Refused}
     * @throws ValidationException if {@code id < 1}
     */
    ClaimResult claim(long id);

    /**
     * Picks the first feature of {@link #ready(int)} and claims it, in one transaction: two
     * callers racing, in one process or in several, never get the same feature.
     *
     * @return the claimed feature, or empty if nothing is ready
     */
    Optional<Feature> claimNextReady();

    /**
     * Sets a feature in progress; unlike {@link #claim(long)} not idempotent.
     *
     * @param id feature id
     * @return the feature after the change
     * @throws FeatureNotFoundException if there is no such feature
     * @throws IllegalFeatureStateException if it passes, is in progress already or waits for a person
     */
    Feature markInProgress(long id);

    /**
     * Takes a feature out of progress (idempotent; passing is left alone).
     *
     * @param id feature id
     * @return the feature after the change
     * @throws FeatureNotFoundException if there is no such feature
     */
    Feature clearInProgress(long id);

    /**
     * Marks a feature passing and takes it out of progress.
     *
     * @param id feature id
     * @return the feature after the change
     * @throws FeatureNotFoundException if there is no such feature
     * @throws IllegalFeatureStateException if it passes already ({@code Feature with ID <id> is already passing})
     */
    Feature markPassing(long id);

    /**
     * Marks a feature failing (a regression) and takes it out of progress; idempotent.
     * Features depending on it are blocked again at once.
     *
     * @param id feature id
     * @return the feature after the change
     * @throws FeatureNotFoundException if there is no such feature
     */
    Feature markFailing(long id);

    /**
     * Moves a feature to the end of the queue: priority becomes MAX(priority) + 1 over all
     * features, and it is taken out of progress.
     *
     * @param id feature id
     * @return the priority before and after
     * @throws FeatureNotFoundException if there is no such feature
     * @throws IllegalFeatureStateException if it passes ({@code Cannot skip a feature that is already passing})
     */
    SkipResult skip(long id);

    /**
     * Adds one dependency. Checks, in the original's order: self, feature exists, dependency
     * exists, at most 20, not already present, no cycle (searched without a depth limit).
     *
     * @param featureId the dependent feature
     * @param dependencyId the feature it will depend on
     * @return the new dependency list, sorted
     * @throws InvalidDependencyException for self, a dependency that does not exist ({@code Dependency
     *         feature <id> not found}, the same type {@link #setDependencies(long, List)} uses for unknown ids),
     *         more than 20, a duplicate or a cycle
     * @throws FeatureNotFoundException if the dependent feature does not exist
     */
    List<Long> addDependency(long featureId, long dependencyId);

    /**
     * Removes every occurrence of a dependency; the dependency need not exist as a feature, so
     * dangling references can be cleaned up.
     *
     * @param featureId the dependent feature
     * @param dependencyId the id to remove
     * @return the remaining dependencies
     * @throws FeatureNotFoundException if the feature does not exist
     * @throws InvalidDependencyException if the id is not in its list ({@code Dependency does not exist})
     */
    List<Long> removeDependency(long featureId, long dependencyId);

    /**
     * Replaces the whole dependency list, with the checks of the original's
     * {@code feature_set_dependencies} in its order.
     *
     * @param featureId the dependent feature
     * @param dependencyIds the new dependencies
     * @return the stored list, sorted
     * @throws InvalidDependencyException for self, more than 20, duplicates, unknown ids, a cycle
     * @throws FeatureNotFoundException if the feature does not exist
     */
    List<Long> setDependencies(long featureId, List<Long> dependencyIds);

    /**
     * Asks a person for input: the feature must be in progress; it leaves progress and waits
     * (it is neither ready nor claimable until answered).
     *
     * @param id feature id
     * @param request the question
     * @return the feature after the change
     * @throws FeatureNotFoundException if there is no such feature
     * @throws IllegalFeatureStateException if it passes or is not in progress
     */
    Feature requestHumanInput(long id, HumanInputRequest request);

    /**
     * Records a person's answer; the feature is pending again.
     *
     * @param id feature id
     * @param answers answer per field id (strings, booleans or numbers)
     * @return the feature after the change
     * @throws FeatureNotFoundException if there is no such feature
     * @throws IllegalFeatureStateException if it is not waiting ({@code Feature is not waiting for human input})
     * @throws ValidationException if a required field is missing
     */
    Feature answerHumanInput(long id, Map<String, Object> answers);

    /**
     * Releases claims whose lease started longer ago than {@code olderThan} (by the injected
     * clock), measured from the last {@link #renewClaim(long) renewal}, else from the claim
     * ({@link Feature#leaseStartedAt()}): those features leave progress and can be claimed again.
     * Features set in progress by tools that record no claim time are left alone.
     *
     * @param olderThan how old a claim must be to count as stale; not negative
     * @return the released features, as they were before the release
     */
    List<Feature> releaseStaleClaims(Duration olderThan);

    /**
     * Renews the lease of a claim this store's agent holds: {@link Feature#claimRenewedAt()}
     * becomes now, so {@link #releaseStaleClaims(Duration)} measures from here. A long-running
     * agent calls it more often than the stale bound (the MCP server does so on a timer). Audited
     * as {@code claim_renewed}.
     *
     * <pre>{@code
     * if (!features.renewClaim(id).isRenewed()) { stopWorkingOn(id); }   // released, or someone else's now
     * }</pre>
     *
     * @param id feature id
     * @return {@link RenewResult.Renewed}, or {@link RenewResult.NotHeld} when the feature does not
     *         exist, is not in progress, or is claimed by another agent (nothing changes then)
     * @throws ValidationException if {@code id} is not positive
     */
    @Beta
    RenewResult renewClaim(long id);

    /**
     * Renews every claim this store's agent holds, in one transaction (see {@link #renewClaim(long)}).
     *
     * @return the renewed features, by id
     */
    @Beta
    List<Feature> renewClaims();

    /**
     * Frees every claim {@code agent} holds (an orchestrator saw that agent's process end): those
     * features leave progress and can be claimed again. Audited as {@code claim_released}, by this
     * store's actor.
     *
     * @param agent the holder, as recorded in {@link Feature#claimedBy()}
     * @return the released features, as they were before the release, by id
     * @throws ValidationException if {@code agent} is blank
     */
    @Beta
    List<Feature> releaseClaimsOf(String agent);

    /**
     * The result of {@link #skip(long)}.
     *
     * @param feature the feature after the skip
     * @param oldPriority its priority before
     * @param newPriority its priority after
     */
    record SkipResult(Feature feature, long oldPriority, long newPriority) {
    }

    /**
     * The result of {@link #createBulkSkippingDuplicates(List)}.
     *
     * @param created the created features
     * @param skipped indices of the items left out as duplicates
     */
    record BulkResult(List<Feature> created, List<Integer> skipped) {

        /**
         * Copies the lists.
         *
         * @param created the {@code created} component
         * @param skipped the {@code skipped} component
         */
        public BulkResult {
            created = List.copyOf(created);
            skipped = List.copyOf(skipped);
        }
    }
}
