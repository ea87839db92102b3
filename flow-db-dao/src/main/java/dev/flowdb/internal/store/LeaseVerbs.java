package dev.flowdb.internal.store;

import dev.flowdb.Actor;
import dev.flowdb.Feature;
import dev.flowdb.RenewResult;
import dev.flowdb.ValidationException;
import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.events.EventType;
import dev.flowdb.internal.sql.FeatureRepository;
import dev.flowdb.internal.sql.FeatureRows;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The claim leases of the rule book: releasing claims whose lease ran out or that one agent holds,
 * and renewing the acting agent's claims (flow-db's own verbs; the original has none).
 */
final class LeaseVerbs {

    private final Engine engine;
    private final FeatureRepository repo;
    private final Actor actor;
    private final RowChanges rows;

    LeaseVerbs(Engine engine, Actor actor, RowChanges rows) {
        this.engine = engine;
        this.repo = engine.repository();
        this.actor = actor;
        this.rows = rows;
    }

    List<Feature> releaseStale(Duration olderThan) {
        if (olderThan == null || olderThan.isNegative()) {
            throw new ValidationException("olderThan", "olderThan must be zero or positive");
        }
        return engine.write(tx -> {
            Instant now = engine.now();
            return release(tx, repo.claimedBefore(tx.session(), now.minus(olderThan)), now);
        });
    }

    List<Feature> releaseOf(String agent) {
        if (agent == null || agent.isBlank()) {
            throw new ValidationException("agent", "agent must not be blank");
        }
        return engine.write(tx -> release(tx, repo.claimedBy(tx.session(), agent), engine.now()));
    }

    private List<Feature> release(Engine.Tx tx, List<FeaturesRecord> held, Instant now) {
        List<Feature> released = new ArrayList<>(held.size());
        for (FeaturesRecord row : held) {
            released.add(FeatureRows.feature(row));
            rows.apply(tx, row, EventType.CLAIM_RELEASED, Changes.released(), now);
        }
        return released;
    }

    RenewResult renew(long id) {
        Validation.id("id", id);
        return engine.write(tx -> {
            FeaturesRecord current = repo.row(tx.session(), id);
            if (current == null) {
                return RenewResult.NotHeld.notFound(id);
            }
            if (!Boolean.TRUE.equals(current.getInProgress())) {
                return RenewResult.NotHeld.notClaimed(FeatureRows.feature(current));
            }
            if (!actor.agent().equals(current.getClaimedBy())) {
                return RenewResult.NotHeld.claimedByOther(FeatureRows.feature(current), actor.agent());
            }
            return new RenewResult.Renewed(renew(tx, current, engine.now()));
        });
    }

    List<Feature> renewAll() {
        return engine.write(tx -> {
            Instant now = engine.now();
            List<Feature> renewed = new ArrayList<>();
            for (FeaturesRecord row : repo.claimedBy(tx.session(), actor.agent())) {
                renewed.add(renew(tx, row, now));
            }
            return renewed;
        });
    }

    private Feature renew(Engine.Tx tx, FeaturesRecord current, Instant now) {
        return rows.apply(tx, current, EventType.CLAIM_RENEWED, Changes.renewed(now), now);
    }
}
