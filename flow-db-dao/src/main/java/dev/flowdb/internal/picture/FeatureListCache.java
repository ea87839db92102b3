package dev.flowdb.internal.picture;

import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.sql.FeatureRepository;
import dev.flowdb.internal.sql.Versions;

import dev.flowdb.Feature;
import java.lang.ref.SoftReference;
import java.util.Collections;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The list of every feature read last, kept (softly, and only up to {@value #LIMIT} features)
 * with the versions of its snapshot; while none of them has moved — triggers move one on every
 * change of a feature, by any writer — it is the answer, and reading it costs one read of the
 * versions.
 */
public final class FeatureListCache {

    /** Lists of every feature are kept up to this many features. */
    static final int LIMIT = 10_000;

    private record Kept(Versions versions, List<Feature> features) {
    }

    private final FeatureRepository repository;
    private volatile SoftReference<Kept> kept = new SoftReference<>(null);

    public FeatureListCache(FeatureRepository repository) {
        this.repository = repository;
    }

    /**
     * @param ctx a read snapshot, or a write transaction ({@code inWrite}: then nothing is kept or reused)
     * @return every feature, by priority then id, as an unmodifiable list
     */
    public List<Feature> all(Session ctx, boolean inWrite) {
        Versions v = inWrite ? null : repository.versions(ctx);
        boolean keepable = v != null && v.content() >= 0;
        Kept last = kept.get();
        if (keepable && last != null && last.versions().equals(v)) {
            return last.features();
        }
        List<Feature> all = Collections.unmodifiableList(repository.all(ctx));
        if (keepable && all.size() <= LIMIT) {
            kept = new SoftReference<>(new Kept(v, all));
        }
        return all;
    }
}
