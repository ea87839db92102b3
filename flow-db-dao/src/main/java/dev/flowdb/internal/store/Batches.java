package dev.flowdb.internal.store;

import dev.flowdb.DependencyRef;
import dev.flowdb.EntryRules;
import dev.flowdb.FeatureStore;
import dev.flowdb.InvalidDependencyException;
import dev.flowdb.NewFeature;
import dev.flowdb.ValidationException;
import dev.flowdb.schema.jooq.tables.records.FeaturesRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks and planning of creates that need no database: each item's fields and dependency
 * references, cycles among index references, duplicates of (category, name), which id each item
 * gets, and its complete row.
 */
final class Batches {

    private Batches() {
    }

    /** Checks one item's references: at most the limit, no duplicates, indices inside the batch, ids at least 1. */
    static void checkRefs(int i, NewFeature item, int size) {
        List<DependencyRef> refs = item.dependencies();
        if (refs.size() > FeatureStore.MAX_DEPENDENCIES) {
            throw BulkRules.tooMany(i, refs.size());
        }
        if (new HashSet<>(refs).size() != refs.size()) {
            throw BulkRules.duplicates(i);
        }
        for (DependencyRef ref : refs) {
            if (ref instanceof DependencyRef.Index index) {
                int k = index.index();
                if (k < 0 || k >= size) {
                    throw BulkRules.invalidIndex(i, k + " (the batch has " + size + " features)");
                }
                if (k == i) {
                    throw new InvalidDependencyException(InvalidDependencyException.Reason.SELF, "Feature at index " + i + " cannot depend on itself");
                }
            } else {
                long id = ((DependencyRef.Id) ref).id();
                if (id < 1) {
                    throw new ValidationException("features[" + i + "].dependencies",
                            "Feature at index " + i + " has invalid dependency id: " + id + " (ids are at least 1)");
                }
            }
        }
    }

    /** Index references may point forward, so a batch can describe a cycle: Kahn's algorithm over the batch finds it. */
    static void checkCycles(List<NewFeature> items) {
        int n = items.size();
        int[] indegree = new int[n];
        List<List<Integer>> dependents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (DependencyRef ref : items.get(i).dependencies()) {
                if (ref instanceof DependencyRef.Index index) {
                    dependents.get(index.index()).add(i);
                    indegree[i]++;
                }
            }
        }
        ArrayList<Integer> queue = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (indegree[i] == 0) {
                queue.add(i);
            }
        }
        int done = 0;
        while (done < queue.size()) {
            for (int dependent : dependents.get(queue.get(done++))) {
                if (--indegree[dependent] == 0) {
                    queue.add(dependent);
                }
            }
        }
        if (done < n) {
            List<Integer> inCycle = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (indegree[i] > 0) {
                    inCycle.add(i);
                }
            }
            throw new InvalidDependencyException(InvalidDependencyException.Reason.CYCLE, "Features at indices " + inCycle + " would form a circular dependency");
        }
    }

    /** @return every id the items reference directly, ascending */
    static Set<Long> referencedIds(List<NewFeature> items) {
        Set<Long> referenced = new TreeSet<>();
        for (NewFeature item : items) {
            for (DependencyRef ref : item.dependencies()) {
                if (ref instanceof DependencyRef.Id id) {
                    referenced.add(id.id());
                }
            }
        }
        return referenced;
    }

    /** Refuses the first id reference, in batch order, that is not among {@code existing}. */
    static void requireExisting(List<NewFeature> items, Set<Long> existing) {
        for (int i = 0; i < items.size(); i++) {
            for (DependencyRef ref : items.get(i).dependencies()) {
                if (ref instanceof DependencyRef.Id id && !existing.contains(id.id())) {
                    throw InvalidDependencyException.unknownInBatch(id.id(), i);
                }
            }
        }
    }

    /**
     * Which items to skip as duplicates of a (category, name), and the id every item stands for:
     * a new id for each kept item (from {@code nextId} on, in batch order), the existing
     * feature's id for a duplicate of one, the first item's id for a later item of the same pair.
     */
    record Plan(long[] ids, Set<Integer> skipped) {
    }

    /**
     * @param known for each existing (category, name), its lowest id; empty when duplicates are kept
     * @param skipDuplicates whether duplicates are skipped at all
     */
    static Plan plan(List<NewFeature> items, Map<List<String>, Long> known, boolean skipDuplicates, long nextId) {
        int n = items.size();
        long[] ids = new long[n];
        Set<Integer> skipped = new TreeSet<>();
        Map<List<String>, Integer> firstInBatch = new HashMap<>();
        for (int i = 0; i < n; i++) {
            List<String> key = List.of(items.get(i).category(), items.get(i).name());
            Long existing = skipDuplicates ? known.get(key) : null;
            Integer first = skipDuplicates ? firstInBatch.get(key) : null;
            if (existing != null) {
                ids[i] = existing;
                skipped.add(i);
            } else if (first != null) {
                ids[i] = ids[first];
                skipped.add(i);
            } else {
                firstInBatch.put(key, i);
                ids[i] = nextId++;
            }
        }
        return new Plan(ids, skipped);
    }

    /** @return an item's dependency ids, index references resolved through {@code ids}, ascending and distinct */
    static List<Long> resolve(NewFeature item, long[] ids) {
        TreeSet<Long> deps = new TreeSet<>();
        for (DependencyRef ref : item.dependencies()) {
            deps.add(ref instanceof DependencyRef.Id id ? id.id() : ids[((DependencyRef.Index) ref).index()]);
        }
        return List.copyOf(deps);
    }

    /** The checks of one new feature's fields, named with {@code prefix}. */
    static void validate(NewFeature f, String prefix, EntryRules rules) {
        Validation.text(prefix + "category", f.category(), Validation.MAX_CATEGORY, rules);
        Validation.text(prefix + "name", f.name(), Validation.MAX_NAME, rules);
        Validation.text(prefix + "description", f.description(), Integer.MAX_VALUE, rules);
        Validation.steps(prefix + "steps", f.steps(), rules);
        for (DependencyRef ref : f.dependencies()) {
            Validation.notNull(prefix + "dependencies[]", ref);
        }
    }

    /** The complete row of a new feature: explicit id, flags false, created and updated now. */
    static FeaturesRecord newRow(long id, long priority, NewFeature f, List<Long> deps, Instant now) {
        FeaturesRecord row = new FeaturesRecord();
        row.setId(id);
        row.setPriority(priority);
        row.setCategory(f.category());
        row.setName(f.name());
        row.setDescription(f.description());
        row.setSteps(f.steps());
        row.setPasses(false);
        row.setInProgress(false);
        row.setDependencies(deps);
        row.setNeedsHumanInput(false);
        row.setCreatedAt(now);
        row.setUpdatedAt(now);
        return row;
    }
}
