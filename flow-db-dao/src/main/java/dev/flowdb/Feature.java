package dev.flowdb;

import java.time.Instant;
import java.util.List;

/**
 * One feature of the backlog, as stored in a row of {@code features}. Immutable; read fresh
 * from the database on every call (no row is cached between calls).
 *
 * @param id the feature's id (≥ 1)
 * @param priority lower runs first; ties are ordered by id
 * @param category a free-form group, e.g. {@code auth}
 * @param name a short title
 * @param description what to build
 * @param steps how to verify it, in order
 * @param passes whether the feature is done and verified
 * @param inProgress whether an agent is working on it now
 * @param dependencies ids of the features it needs, as stored (order and duplicates kept; may
 *        name features that no longer exist, which are never satisfied)
 * @param needsHumanInput whether it waits for a person's answer
 * @param humanInputRequest the pending or last question as JSON object text, or {@code null}
 * @param humanInputResponse the last answer as JSON object text, or {@code null}
 * @param claimedBy the agent that claimed it, while it is in progress through a flow-db claim; {@code null} otherwise
 * @param claimedAt when that claim was made, or {@code null}
 * @param claimRenewedAt when its holder last renewed the claim's lease ({@link FeatureStore#renewClaim(long)}),
 *        or {@code null} if it has not since the claim; a claim is stale once the later of the two is
 *        older than {@link FeatureStore#releaseStaleClaims(java.time.Duration) the bound}
 * @param createdAt when it was created, or {@code null} for rows written by tools that do not record it
 * @param updatedAt when it last changed, or {@code null} for rows written by tools that do not record it
 */
public record Feature(long id, long priority, String category, String name, String description, List<String> steps,
                      boolean passes, boolean inProgress, List<Long> dependencies, boolean needsHumanInput,
                      String humanInputRequest, String humanInputResponse, String claimedBy, Instant claimedAt,
                      Instant claimRenewedAt, Instant createdAt, Instant updatedAt) {

    /**
     * Copies the lists, so a feature never changes after it is made.
     *
     * @param id the {@code id} component
     * @param priority the {@code priority} component
     * @param category the {@code category} component
     * @param name the {@code name} component
     * @param description the {@code description} component
     * @param steps the {@code steps} component
     * @param passes the {@code passes} component
     * @param inProgress the {@code inProgress} component
     * @param dependencies the {@code dependencies} component
     * @param needsHumanInput the {@code needsHumanInput} component
     * @param humanInputRequest the {@code humanInputRequest} component
     * @param humanInputResponse the {@code humanInputResponse} component
     * @param claimedBy the {@code claimedBy} component
     * @param claimedAt the {@code claimedAt} component
     * @param claimRenewedAt the {@code claimRenewedAt} component
     * @param createdAt the {@code createdAt} component
     * @param updatedAt the {@code updatedAt} component
     */
    public Feature {
        steps = List.copyOf(steps);
        dependencies = List.copyOf(dependencies);
    }

    /**
     * The status of this feature in the dependency graph.
     *
     * @return the status shown in the dependency graph (the Python original's order:
     *         done, waiting for human input, blocked, in progress, pending), given whether every
     *         dependency passes
     * @param dependenciesMet whether every dependency id names a passing feature
     */
    public FeatureStatus status(boolean dependenciesMet) {
        return FeatureStatus.of(passes, needsHumanInput, dependenciesMet, inProgress);
    }

    /**
     * When the lease of the claim started.
     *
     * @return when the claim's lease last started: its renewal, else the claim itself; {@code null}
     *         when no flow-db claim is recorded
     */
    public Instant leaseStartedAt() {
        return claimRenewedAt != null ? claimRenewedAt : claimedAt;
    }
}
