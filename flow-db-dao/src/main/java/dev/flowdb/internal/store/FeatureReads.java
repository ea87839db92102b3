package dev.flowdb.internal.store;

import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.picture.Backlog;
import dev.flowdb.internal.sql.FeatureRepository;

import dev.flowdb.BlockedFeature;
import dev.flowdb.BlockedPage;
import dev.flowdb.DependencyGraph;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStats;
import dev.flowdb.ReadyPage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The read verbs of {@link FeatureStoreImpl}: a point read, the ready and blocked pages from the
 * scheduling picture, the counts, the graph. They need no actor and apply no rule.
 */
final class FeatureReads {

    private final Engine engine;
    private final FeatureRepository repo;

    FeatureReads(Engine engine) {
        this.engine = engine;
        this.repo = engine.repository();
    }

    public Optional<Feature> getById(long id) {
        Validation.id("id", id);
        return engine.readOne(ctx -> Optional.ofNullable(repo.byId(ctx, id)));
    }

    public ReadyPage ready(int limit) {
        Validation.limit(limit);
        return engine.read(ctx -> {
            Backlog.Page page = engine.withBacklog(ctx, b -> b.ready(limit));
            return new ReadyPage(repo.byIds(ctx, page.ids()), page.total());
        });
    }

    public BlockedPage blocked(int limit) {
        Validation.limit(limit);
        return engine.read(ctx -> {
            Backlog.Page ids = engine.withBacklog(ctx, b -> b.blocked(limit));
            List<Feature> page = repo.byIds(ctx, ids.ids());
            Set<Long> deps = new HashSet<>();
            page.forEach(feature -> deps.addAll(feature.dependencies()));
            Set<Long> passing = repo.passingAmong(ctx, deps);
            List<BlockedFeature> out = new ArrayList<>(page.size());
            for (Feature feature : page) {
                out.add(new BlockedFeature(feature, feature.dependencies().stream().filter(d -> !passing.contains(d)).toList()));
            }
            return new BlockedPage(out, ids.total());
        });
    }

    public FeatureStats stats() {
        return engine.read(ctx -> {
            Backlog.Counts c = engine.backlog().statsUsesPicture() ? engine.withBacklog(ctx, Backlog::counts) : repo.countFlags(ctx);
            return new FeatureStats(c.passing(), c.inProgress(), c.waiting(), c.total(), percentage(c.passing(), c.total()));
        });
    }

    /** Python's {@code round(P / T * 100, 1)}: half-even on the exact binary value. */
    static double percentage(long passing, long total) {
        if (total == 0) {
            return 0.0;
        }
        return new BigDecimal((double) passing / total * 100).setScale(1, RoundingMode.HALF_EVEN).doubleValue();
    }

    public DependencyGraph graph() {
        return engine.readOne(ctx -> Graphs.of(repo.graphRows(ctx)));
    }
}
