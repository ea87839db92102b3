package dev.flowdb.internal.store;

import static dev.flowdb.FeatureStore.MAX_DEPENDENCIES;
import dev.flowdb.InvalidDependencyException;
import dev.flowdb.ValidationException;
import dev.flowdb.internal.engine.Engine;
import dev.flowdb.internal.engine.Session;
import dev.flowdb.internal.events.EventType;
import dev.flowdb.internal.sql.FeatureRepository;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency verbs of the rule book ({@code feature_add_dependency},
 * {@code feature_remove_dependency}, {@code feature_set_dependencies}), each with the original's
 * checks in its order and its texts, under the graph lock; and the list checks that creating a
 * feature shares with them.
 */
final class DependencyVerbs {

    private final Engine engine;
    private final FeatureRepository repo;
    private final RowChanges rows;

    DependencyVerbs(Engine engine, RowChanges rows) {
        this.engine = engine;
        this.repo = engine.repository();
        this.rows = rows;
    }

    List<Long> add(long featureId, long dependencyId) {
        Validation.id("featureId", featureId);
        Validation.id("dependencyId", dependencyId);
        if (featureId == dependencyId) {
            throw InvalidDependencyException.self();
        }
        return engine.write(tx -> {
            repo.lockGraph(tx.session());
            FeaturesRecord current = rows.loadDependent(tx.session(), featureId);
            if (repo.existingAmong(tx.session(), List.of(dependencyId)).isEmpty()) {
                throw InvalidDependencyException.unknown(dependencyId);
            }
            List<Long> deps = current.getDependencies();
            if (deps.size() >= MAX_DEPENDENCIES) {
                throw InvalidDependencyException.tooManyForOne();
            }
            if (deps.contains(dependencyId)) {
                throw InvalidDependencyException.alreadyExists();
            }
            if (DependencyCycles.wouldCreateCycle(repo.dependencyLists(tx.session()), featureId, dependencyId)) {
                throw InvalidDependencyException.wouldCycle();
            }
            List<Long> next = new ArrayList<>(deps);
            next.add(dependencyId);
            return setDeps(tx, current, EventType.DEPENDENCY_ADDED, next);
        });
    }

    List<Long> remove(long featureId, long dependencyId) {
        Validation.id("featureId", featureId);
        return engine.write(tx -> {
            repo.lockGraph(tx.session());
            FeaturesRecord current = rows.loadDependent(tx.session(), featureId);
            if (!current.getDependencies().contains(dependencyId)) {
                throw InvalidDependencyException.doesNotExist();
            }
            return setDeps(tx, current, EventType.DEPENDENCY_REMOVED, current.getDependencies().stream().filter(d -> d != dependencyId).toList());
        });
    }

    List<Long> set(long featureId, List<Long> dependencyIds) {
        Validation.id("featureId", featureId);
        Validation.notNull("dependencyIds", dependencyIds);
        for (int i = 0; i < dependencyIds.size(); i++) {
            if (dependencyIds.get(i) == null) {
                throw new ValidationException("dependencyIds[" + i + "]", "dependencyIds[" + i + "] is null");
            }
        }
        checkList(featureId, dependencyIds);
        return engine.write(tx -> {
            repo.lockGraph(tx.session());
            FeaturesRecord current = rows.loadDependent(tx.session(), featureId);
            requireExisting(tx.session(), dependencyIds);
            Map<Long, List<Long>> graph = repo.dependencyLists(tx.session());
            graph.put(featureId, List.copyOf(dependencyIds));
            for (Long dep : dependencyIds) {
                if (DependencyCycles.wouldCreateCycle(graph, featureId, dep)) {
                    throw InvalidDependencyException.wouldCycle(dep);
                }
            }
            return setDeps(tx, current, EventType.DEPENDENCIES_SET, dependencyIds);
        });
    }

    /** The checks of {@code feature_set_dependencies} that need no database, in its order. */
    static void checkList(long featureId, List<Long> ids) {
        if (ids.contains(featureId)) {
            throw InvalidDependencyException.self();
        }
        if (ids.size() > MAX_DEPENDENCIES) {
            throw InvalidDependencyException.tooMany();
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw InvalidDependencyException.duplicates();
        }
    }

    void requireExisting(Session ctx, List<Long> ids) {
        Set<Long> existing = repo.existingAmong(ctx, ids);
        List<Long> missing = ids.stream().filter(id -> !existing.contains(id)).toList();
        if (!missing.isEmpty()) {
            throw InvalidDependencyException.unknown(missing);
        }
    }

    private List<Long> setDeps(Engine.Tx tx, FeaturesRecord current, EventType eventType, List<Long> deps) {
        return rows.apply(tx, current, eventType, Changes.dependencies(deps), engine.now())
                .dependencies();
    }
}
