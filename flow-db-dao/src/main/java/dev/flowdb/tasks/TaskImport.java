package dev.flowdb.tasks;

import dev.flowdb.Actor;
import dev.flowdb.ClaimResult;
import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.FeatureNotFoundException;
import dev.flowdb.FeatureStore;
import dev.flowdb.FeatureUpdate;
import dev.flowdb.FlowDbException;
import dev.flowdb.IllegalFeatureStateException;
import dev.flowdb.NewFeature;
import dev.flowdb.Transaction;
import dev.flowdb.internal.wire.JsonValues;
import dev.flowdb.schema.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The import half of {@link TaskSync}: a three-way merge per task file of the exported base
 * ({@code metadata.flow}), the task as it is, and the feature as it is; one write transaction per
 * file, so a file that cannot be applied changes nothing.
 */
final class TaskImport {

    private static final String SOURCE = TaskSync.SOURCE;

    private TaskImport() {
    }

    static TaskSync.ImportResult run(Database db, Path taskListDir, String agent) {
        List<String> applied = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        Map<String, String> errors = new TreeMap<>();
        List<Long> created = new ArrayList<>();
        Actor actor = Actor.of(agent, SOURCE);
        try (TaskFiles files = TaskFiles.lock(taskListDir, TaskFiles.LOCK_WAIT)) {
            Map<String, Task> tasks = new LinkedHashMap<>();
            Map<String, Path> fileOf = new HashMap<>();
            for (Path file : files.taskFiles()) {
                try {
                    Task t = TaskMapping.read(file);
                    if (!Task.STATUSES.contains(t.status())) {
                        throw new IllegalArgumentException("unknown status '" + t.status() + "' (pending, in_progress, completed)");
                    }
                    tasks.put(t.id(), t);
                    fileOf.put(t.id(), file);
                } catch (IOException | IllegalArgumentException e) {
                    errors.put(file.getFileName().toString(), e.getMessage());
                }
            }
            // a task's blockers: its blockedBy and every task whose blocks names it
            Map<String, Set<String>> blockers = new HashMap<>();
            for (Task t : tasks.values()) {
                blockers.computeIfAbsent(t.id(), k -> new LinkedHashSet<>()).addAll(t.blockedBy());
                for (String b : t.blocks()) {
                    blockers.computeIfAbsent(b, k -> new LinkedHashSet<>()).add(t.id());
                }
            }
            Map<String, Long> featureOfTask = new HashMap<>();
            for (Task t : tasks.values()) {
                if (t.metadata().get("flow") instanceof Map<?, ?> flow && flow.get("featureId") instanceof Number n) {
                    featureOfTask.put(t.id(), n.longValue());
                }
            }
            List<Task> fresh = tasks.values().stream().filter(t -> !featureOfTask.containsKey(t.id()))
                    .sorted(java.util.Comparator.comparingLong(t -> numericOr(t.id(), Long.MAX_VALUE))).toList();
            for (Task t : tasks.values()) {
                if (featureOfTask.containsKey(t.id())) {
                    String name = fileOf.get(t.id()).getFileName().toString();
                    try {
                        db.useWrite(actor, tx -> applyKnown(tx, t, blockers.getOrDefault(t.id(), Set.of()), featureOfTask,
                                applied, conflicts));
                    } catch (FlowDbException e) {
                        errors.put(name, e.getMessage());
                    }
                }
            }
            for (Task t : fresh) {
                String name = fileOf.get(t.id()).getFileName().toString();
                try {
                    Feature f = db.write(actor, tx -> createFromTask(tx, t, blockers.getOrDefault(t.id(), Set.of()), featureOfTask, applied));
                    featureOfTask.put(t.id(), f.id());
                    created.add(f.id());
                    Map<String, Object> metadata = new LinkedHashMap<>(t.metadata());
                    metadata.putAll(TaskMapping.toTask(f, List.of(), null).metadata());
                    files.write(name, TaskMapping.json(new Task(t.id(), t.subject(), t.description(), t.activeForm() != null ? t.activeForm()
                            : "Implementing " + t.subject(), t.owner(), t.status(), t.blocks(), t.blockedBy(), metadata, t.otherFields())));
                } catch (FlowDbException e) {
                    errors.put(name, e.getMessage());
                }
            }
            noteDeletedTasks(db, actor, files, featureOfTask, errors, applied);
        }
        return new TaskSync.ImportResult(applied, conflicts, errors, created);
    }

    private static long numericOr(String id, long fallback) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException notANumber) {
            return fallback;
        }
    }

    /** Dependencies a task names, as feature ids: other tasks of the list mapped to their features; unknown ones dropped. */
    private static TreeSet<Long> dependencyIds(Set<String> blockerTaskIds, Map<String, Long> featureOfTask, String taskId, List<String> applied) {
        TreeSet<Long> deps = new TreeSet<>();
        for (String b : blockerTaskIds) {
            Long feature = featureOfTask.get(b);
            if (feature == null) {
                long numeric = numericOr(b, -1);
                if (numeric > 0) {
                    feature = numeric;
                }
            }
            if (feature == null) {
                applied.add("task " + taskId + ": dropped blocker '" + b + "' (no feature)");
            } else {
                deps.add(feature);
            }
        }
        return deps;
    }

    private static void applyKnown(Transaction tx, Task t, Set<String> blockerIds, Map<String, Long> featureOfTask,
                                   List<String> applied, List<String> conflicts) {
        FeatureStore store = tx.features();
        Feature base = TaskMapping.fromTask(new Task(t.id(), null, null, null, null, "pending", List.of(), List.of(), t.metadata(), Map.of()));
        Map<?, ?> flow = (Map<?, ?>) t.metadata().get("flow");
        String baseName = (String) flow.get("name");
        String baseDescription = (String) flow.get("description");
        boolean basePasses = Boolean.TRUE.equals(flow.get("passes"));
        boolean baseInProgress = Boolean.TRUE.equals(flow.get("inProgress"));
        TreeSet<Long> baseDeps = new TreeSet<>(TaskMapping.longs(flow.get("dependencies")));
        Feature view = TaskMapping.fromTask(t);
        Feature current = store.getById(base.id()).orElseThrow(() ->
                new FeatureNotFoundException(base.id(), "task " + t.id() + ": feature " + base.id() + " no longer exists"));
        String tag = "task " + t.id() + " → feature " + current.id() + ": ";

        FeatureUpdate update = FeatureUpdate.empty();
        if (!Objects.equals(view.name(), baseName)) {
            if (!current.name().equals(baseName) && !current.name().equals(view.name())) {
                conflicts.add(tag + "name changed on both sides ('" + current.name() + "' in the database, '" + view.name() + "' in the task)");
            } else if (!current.name().equals(view.name())) {
                update = update.withName(view.name());
            }
        }
        if (!Objects.equals(view.description(), baseDescription)) {
            if (!current.description().equals(baseDescription) && !current.description().equals(view.description())) {
                conflicts.add(tag + "description changed on both sides");
            } else if (!current.description().equals(view.description())) {
                update = update.withDescription(view.description());
            }
        }
        if (!update.isEmpty()) {
            store.update(current.id(), update);
            applied.add(tag + "updated " + (update.name() != null ? "name" : "") + (update.name() != null && update.description() != null ? " and " : "")
                    + (update.description() != null ? "description" : ""));
        }

        TreeSet<Long> viewDeps = dependencyIds(blockerIds, featureOfTask, t.id(), applied);
        viewDeps.addAll(TaskMapping.longs(flow.get("danglingDependencies")));
        TreeSet<Long> currentDeps = new TreeSet<>(current.dependencies());
        if (!viewDeps.equals(baseDeps)) {
            if (!currentDeps.equals(baseDeps) && !currentDeps.equals(viewDeps)) {
                conflicts.add(tag + "dependencies changed on both sides (" + currentDeps + " in the database, " + viewDeps + " in the task)");
            } else if (!currentDeps.equals(viewDeps)) {
                store.setDependencies(current.id(), List.copyOf(viewDeps));
                applied.add(tag + "dependencies set to " + viewDeps);
            }
        }

        String baseStatus = TaskMapping.status(basePasses, baseInProgress);
        String currentStatus = TaskMapping.status(current.passes(), current.inProgress());
        if (!t.status().equals(baseStatus)) {
            if (!currentStatus.equals(baseStatus) && !currentStatus.equals(t.status())) {
                conflicts.add(tag + "status changed on both sides (" + currentStatus + " in the database, " + t.status() + " in the task)");
            } else if (!currentStatus.equals(t.status())) {
                applyStatus(tx, current, t);
                applied.add(tag + "status " + currentStatus + " → " + t.status());
            }
        }
    }

    private static void applyStatus(Transaction tx, Feature current, Task t) {
        FeatureStore store = tx.features();
        switch (t.status()) {
            case "completed" -> store.markPassing(current.id());
            case "in_progress" -> {
                if (current.passes()) {
                    store.markFailing(current.id());
                }
                FeatureStore claimer = t.owner() != null ? tx.features(Actor.of(t.owner(), SOURCE)) : store;
                ClaimResult r = claimer.claim(current.id());
                if (r instanceof ClaimResult.Refused refused) {
                    throw new IllegalFeatureStateException("task " + t.id() + ": " + refused.message());
                }
            }
            default -> {
                if (current.passes()) {
                    store.markFailing(current.id());
                } else {
                    store.clearInProgress(current.id());
                }
            }
        }
    }

    private static Feature createFromTask(Transaction tx, Task t, Set<String> blockerIds, Map<String, Long> featureOfTask, List<String> applied) {
        FeatureStore store = tx.features();
        Feature view = fromTaskLenient(t);
        List<String> steps = view.steps().isEmpty() ? List.of("Complete: " + view.name()) : view.steps();
        String description = view.description().isBlank() ? view.name() : view.description();
        NewFeature nf = new NewFeature(view.category(), view.name(), description, steps);
        for (Long d : dependencyIds(blockerIds, featureOfTask, t.id(), applied)) {
            nf = nf.dependsOn(DependencyRef.id(d));
        }
        Feature f = store.create(nf);
        tx.events().log(f.id(), "synced_from_task", "task_id", null, Json.write(t.id()));
        applied.add("task " + t.id() + ": created feature " + f.id() + " '" + f.name() + "'");
        if (t.status().equals("completed")) {
            f = store.markPassing(f.id());
        } else if (t.status().equals("in_progress")) {
            FeatureStore claimer = t.owner() != null ? tx.features(Actor.of(t.owner(), SOURCE)) : store;
            f = claimer.claim(f.id()).feature().orElse(f);
        }
        return f;
    }

    /** {@link TaskMapping#fromTask(Task)} for a task Claude created: its id is a task id, not a feature id. */
    private static Feature fromTaskLenient(Task t) {
        Task withId = new Task("0", t.subject(), t.description(), t.activeForm(), t.owner(), t.status(), t.blocks(), t.blockedBy(),
                t.metadata(), t.otherFields());
        Feature f = TaskMapping.fromTask(withId);
        Object category = t.metadata().get("category");
        if (category instanceof String c && !c.isBlank()) {
            return new Feature(f.id(), f.priority(), c, f.name(), f.description(), f.steps(), f.passes(), f.inProgress(),
                    f.dependencies(), f.needsHumanInput(), f.humanInputRequest(), f.humanInputResponse(), f.claimedBy(),
                    f.claimedAt(), f.claimRenewedAt(), f.createdAt(), f.updatedAt());
        }
        return f;
    }

    private static void noteDeletedTasks(Database db, Actor actor, TaskFiles files, Map<String, Long> featureOfTask,
                                         Map<String, String> errors, List<String> applied) {
        String manifest = files.text(TaskSync.MANIFEST);
        if (manifest == null) {
            return;
        }
        Set<Long> exported;
        try {
            exported = new TreeSet<>(TaskMapping.longs(((Map<?, ?>) JsonValues.parse(manifest)).get("features")));
        } catch (RuntimeException unreadable) {
            errors.put(TaskSync.MANIFEST, "unreadable: " + unreadable.getMessage());
            return;
        }
        Set<Long> missing = new TreeSet<>(exported);
        missing.removeAll(featureOfTask.values());
        for (Long id : missing) {
            if (db.features().getById(id).isPresent()) {
                db.events(actor).log(id, "task_deleted", null, null, null);
                applied.add("feature " + id + ": its task file was deleted; the feature is kept and will be exported again");
            }
        }
        if (!missing.isEmpty()) {
            // logged once: the manifest lists what the task list holds until the next export
            exported.removeAll(missing);
            Map<String, Object> rest = new LinkedHashMap<>();
            rest.put("features", List.copyOf(exported));
            files.write(TaskSync.MANIFEST, rest);
        }
    }
}
