package dev.flowdb;

import dev.flowdb.internal.TaskFiles;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.TimestampConverter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Features ⇄ Claude Code native Tasks, both ways, without losing anything.
 *
 * <p>Use a task list of its own per project (export {@code CLAUDE_CODE_TASK_LIST_ID} to the
 * Claude Code sessions an orchestrator starts), so task ids can equal feature ids:
 * <pre>{@code
 * Path list = Path.of(System.getProperty("user.home"), ".claude/tasks/flow-myproject");
 * TaskSync.export(db, list);                       // one <id>.json per feature
 * TaskSync.ImportResult r = TaskSync.importChanges(db, list);   // what agents changed, audited with source "tasks"
 * }</pre>
 *
 * <p><b>Mapping.</b> {@code id} = feature id; {@code subject} = name; {@code description} = the
 * description followed by the steps in a marked block (an agent sees them through TaskGet);
 * {@code activeForm} = "Implementing &lt;name&gt;"; {@code status} = completed / in_progress /
 * pending; {@code owner} = the claiming agent while in progress, otherwise absent (never a fixed
 * name, which would make Claude refuse other agents); {@code blockedBy} = the dependencies that
 * exist, ascending; {@code blocks} = the inverse; {@code metadata.flow} = every feature field a
 * task cannot hold, so {@code fromTask(toTask(f))} is {@code f}. <b>Dangling dependencies</b>
 * (ids of deleted features) are left out of {@code blockedBy} — Claude would wait for them
 * forever — and kept in {@code metadata.flow.danglingDependencies}, so they survive a round trip.
 *
 * <p><b>Import.</b> Each task file is compared with the feature as it was exported (its
 * {@code metadata.flow}): fields changed only on the task side are applied through the
 * {@link FeatureStore} (so every change is audited); fields changed on both sides are reported as
 * conflicts and left alone; a file that cannot be applied (invalid JSON, unknown status, a cycle…)
 * is reported with its reason and changes nothing. Tasks Claude created become new features; a
 * feature whose task file was deleted is kept and gets a {@code task_deleted} event.
 */
@Beta
public final class TaskSync {

    /** Marks the start of the steps block in a task description. */
    public static final String STEPS_BEGIN = "<!-- flow-db steps -->";
    /** Marks the end of the steps block in a task description. */
    public static final String STEPS_END = "<!-- /flow-db steps -->";
    /** The event source of changes applied from task files. */
    public static final String SOURCE = "tasks";

    private static final String MANIFEST = ".flow-db-sync.json";

    private TaskSync() {
    }

    /**
     * What an export did.
     *
     * @param written task files created or rewritten
     * @param unchanged task files that already said the same
     * @param highWatermark the {@code .highwatermark} after the export
     */
    public record ExportResult(int written, int unchanged, long highWatermark) {
    }

    /**
     * What an import did.
     *
     * @param applied one line per change applied to the database
     * @param conflicts one line per field changed on both sides (left as the database has it)
     * @param errors reason per task file that could not be applied (those files changed nothing)
     * @param created ids of features created from new tasks
     */
    public record ImportResult(List<String> applied, List<String> conflicts, Map<String, String> errors, List<Long> created) {

        /**
         * Copies the collections.
         *
         * @param applied the {@code applied} component
         * @param conflicts the {@code conflicts} component
         * @param errors the {@code errors} component
         * @param created the {@code created} component
         */
        public ImportResult {
            applied = List.copyOf(applied);
            conflicts = List.copyOf(conflicts);
            errors = Map.copyOf(errors);
            created = List.copyOf(created);
        }
    }

    // ------------------------------------------------------------------ values

    /**
     * The task for a feature on its own ({@code blocks} empty, every dependency assumed to exist).
     *
     * @param feature the feature
     * @return its task
     */
    public static Task toTask(Feature feature) {
        return toTask(feature, List.of(), null);
    }

    /**
     * Maps a feature to a task.
     *
     * @param feature the feature
     * @param dependents ids of the features that depend on it
     * @param existing ids of all features, or {@code null} to treat every dependency as existing
     * @return its task
     */
    public static Task toTask(Feature feature, List<Long> dependents, Set<Long> existing) {
        List<Long> present = new ArrayList<>();
        List<Long> dangling = new ArrayList<>();
        for (Long d : new TreeSet<>(feature.dependencies())) {
            (existing == null || existing.contains(d) ? present : dangling).add(d);
        }
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("featureId", feature.id());
        flow.put("name", feature.name());
        flow.put("description", feature.description());
        flow.put("priority", feature.priority());
        flow.put("category", feature.category());
        flow.put("steps", feature.steps());
        flow.put("passes", feature.passes());
        flow.put("inProgress", feature.inProgress());
        flow.put("needsHumanInput", feature.needsHumanInput());
        flow.put("dependencies", feature.dependencies());
        flow.put("danglingDependencies", dangling);
        flow.put("humanInputRequest", feature.humanInputRequest());
        flow.put("humanInputResponse", feature.humanInputResponse());
        flow.put("claimedBy", feature.claimedBy());
        flow.put("claimedAt", time(feature.claimedAt()));
        flow.put("claimRenewedAt", time(feature.claimRenewedAt()));
        flow.put("createdAt", time(feature.createdAt()));
        flow.put("updatedAt", time(feature.updatedAt()));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("flow", flow);
        String owner = feature.inProgress() ? feature.claimedBy() : null;
        return new Task(String.valueOf(feature.id()), feature.name(), describe(feature), "Implementing " + feature.name(), owner,
                status(feature.passes(), feature.inProgress()), dependents.stream().sorted().distinct().map(String::valueOf).toList(),
                present.stream().map(String::valueOf).toList(), metadata, Map.of());
    }

    private static String status(boolean passes, boolean inProgress) {
        return passes ? "completed" : inProgress ? "in_progress" : "pending";
    }

    private static String time(java.time.Instant t) {
        return t == null ? null : TimestampConverter.format(t);
    }

    private static String describe(Feature f) {
        if (f.steps().isEmpty()) {
            return f.description();
        }
        StringBuilder sb = new StringBuilder(f.description()).append("\n\n").append(STEPS_BEGIN).append("\nSteps:\n");
        for (int i = 0; i < f.steps().size(); i++) {
            sb.append(i + 1).append(". ").append(f.steps().get(i).replace("\n", " ")).append('\n');
        }
        return sb.append(STEPS_END).toString();
    }

    /**
     * The feature a task describes: the task's own fields (subject, description, status,
     * {@code blockedBy}) over what {@code metadata.flow} remembers of the rest.
     *
     * @param task the task
     * @return the feature
     * @throws ValidationException for an unknown status, or an id that is not a number where no
     *         {@code metadata.flow.featureId} says otherwise
     */
    public static Feature fromTask(Task task) {
        dev.flowdb.internal.Validation.notNull("task", task);
        if (!Task.STATUSES.contains(task.status())) {
            throw new ValidationException("status", "task " + task.id() + ": status must be pending, in_progress or completed, got '" + task.status() + "'");
        }
        Map<?, ?> flow = task.metadata().get("flow") instanceof Map<?, ?> m ? m : Map.of();
        long id;
        if (flow.get("featureId") instanceof Number n) {
            id = n.longValue();
        } else {
            try {
                id = Long.parseLong(task.id());
            } catch (NumberFormatException | NullPointerException notANumber) {
                throw new ValidationException("id", "task id '" + task.id() + "' is not a number");
            }
        }
        String text = task.description() == null ? "" : task.description();
        List<String> steps = stepsOf(text);
        String description = withoutSteps(text);
        if (steps == null) {
            steps = strings(flow.get("steps"));
        }
        TreeSet<Long> deps = new TreeSet<>(numericIds(task.blockedBy()));
        deps.addAll(longs(flow.get("danglingDependencies")));
        boolean passes = task.status().equals("completed");
        boolean inProgress = task.status().equals("in_progress");
        return new Feature(id, flow.get("priority") instanceof Number p ? p.longValue() : 0,
                flow.get("category") instanceof String c ? c : "uncategorized", task.subject() == null ? "" : task.subject(),
                description, steps, passes, inProgress, List.copyOf(deps), Boolean.TRUE.equals(flow.get("needsHumanInput")),
                (String) flow.get("humanInputRequest"), (String) flow.get("humanInputResponse"),
                inProgress ? (task.owner() != null ? task.owner() : (String) flow.get("claimedBy")) : null,
                inProgress ? TimestampConverter.parse((String) flow.get("claimedAt")) : null,
                inProgress ? TimestampConverter.parse((String) flow.get("claimRenewedAt")) : null,
                TimestampConverter.parse((String) flow.get("createdAt")), TimestampConverter.parse((String) flow.get("updatedAt")));
    }

    private static List<String> stepsOf(String description) {
        int begin = description.indexOf(STEPS_BEGIN);
        int end = description.indexOf(STEPS_END);
        if (begin < 0 || end < begin) {
            return null;
        }
        List<String> steps = new ArrayList<>();
        for (String line : description.substring(begin + STEPS_BEGIN.length(), end).split("\n")) {
            int dot = line.indexOf(". ");
            if (!line.isBlank() && !line.equals("Steps:") && dot > 0 && line.substring(0, dot).chars().allMatch(Character::isDigit)) {
                steps.add(line.substring(dot + 2));
            }
        }
        return steps;
    }

    private static String withoutSteps(String description) {
        int begin = description.indexOf(STEPS_BEGIN);
        int end = description.indexOf(STEPS_END);
        if (begin < 0 || end < begin) {
            return description;
        }
        String before = description.substring(0, begin);
        String after = description.substring(end + STEPS_END.length());
        return (before.endsWith("\n\n") ? before.substring(0, before.length() - 2) : before.stripTrailing()) + after;
    }

    private static List<Long> numericIds(List<String> ids) {
        List<Long> out = new ArrayList<>();
        for (String s : ids) {
            try {
                out.add(Long.parseLong(s.trim()));
            } catch (NumberFormatException | NullPointerException notANumber) {
                // a task of another list, or a hand edit: not a feature dependency
            }
        }
        return out;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    private static List<Long> longs(Object value) {
        return value instanceof List<?> l ? l.stream().filter(Number.class::isInstance).map(v -> ((Number) v).longValue()).toList() : List.of();
    }

    // ------------------------------------------------------------------ files

    static Task read(Path file) throws IOException {
        Map<String, Object> m = TaskFiles.read(file);
        Map<String, Object> other = new LinkedHashMap<>(m);
        for (String known : List.of("id", "subject", "description", "activeForm", "owner", "status", "blocks", "blockedBy", "metadata")) {
            other.remove(known);
        }
        Object id = m.get("id");
        if (!(id instanceof String)) {
            throw new IllegalArgumentException("id must be a string, got " + Json.write(id));
        }
        return new Task((String) id, text(m, "subject"), text(m, "description"), text(m, "activeForm"), text(m, "owner"),
                text(m, "status"), idList(m, "blocks"), idList(m, "blockedBy"),
                m.get("metadata") instanceof Map<?, ?> meta ? cast(meta) : Map.of(), other);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return (String) v;
    }

    private static List<String> idList(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(key + " must be a list of ids");
        }
        return list.stream().map(String::valueOf).toList();
    }

    /** The JSON object of a task file: known fields in Claude Code's order, then the fields it did not know. */
    static Map<String, Object> json(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("subject", t.subject());
        m.put("description", t.description());
        m.put("activeForm", t.activeForm());
        if (t.owner() != null) {
            m.put("owner", t.owner());
        }
        m.put("status", t.status());
        m.put("blocks", t.blocks());
        m.put("blockedBy", t.blockedBy());
        if (!t.metadata().isEmpty()) {
            m.put("metadata", t.metadata());
        }
        t.otherFields().forEach(m::putIfAbsent);
        return m;
    }

    // ------------------------------------------------------------------ export

    /**
     * Writes one task file per feature (atomically, under the list's lock), keeps fields and
     * metadata keys other programs added to existing files, and raises {@code .highwatermark} to
     * at least the largest feature id, so tasks Claude creates never take a feature's id.
     *
     * @param db the database
     * @param taskListDir the task list folder, e.g. {@code ~/.claude/tasks/flow-myproject}
     * @return what was written
     */
    public static ExportResult export(Database db, Path taskListDir) {
        List<Feature> all = db.features().getAll();
        Set<Long> existing = new HashSet<>();
        Map<Long, List<Long>> dependents = new HashMap<>();
        for (Feature f : all) {
            existing.add(f.id());
        }
        for (Feature f : all) {
            for (Long d : new TreeSet<>(f.dependencies())) {
                if (existing.contains(d)) {
                    dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(f.id());
                }
            }
        }
        int written = 0;
        int unchanged = 0;
        try (TaskFiles files = TaskFiles.lock(taskListDir, Duration.ofSeconds(30))) {
            long maxId = 0;
            for (Feature f : all) {
                maxId = Math.max(maxId, f.id());
                Task task = toTask(f, dependents.getOrDefault(f.id(), List.of()), existing);
                String name = f.id() + ".json";
                Task merged = mergeWithExisting(task, taskListDir.resolve(name));
                Map<String, Object> json = json(merged);
                if (files.differs(name, json)) {
                    files.write(name, json);
                    written++;
                } else {
                    unchanged++;
                }
            }
            for (Path file : files.taskFiles()) {
                String base = file.getFileName().toString().replace(".json", "");
                try {
                    maxId = Math.max(maxId, Long.parseLong(base));
                } catch (NumberFormatException notNumeric) {
                    // not an id-named file
                }
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("features", all.stream().map(Feature::id).toList());
            files.write(MANIFEST, manifest);
            return new ExportResult(written, unchanged, files.raiseHighWatermark(maxId));
        }
    }

    /** Keeps what other programs put into an existing file: unknown top-level fields and other metadata keys. */
    private static Task mergeWithExisting(Task fresh, Path file) {
        if (!java.nio.file.Files.exists(file)) {
            return fresh;
        }
        try {
            Task old = read(file);
            Map<String, Object> metadata = new LinkedHashMap<>(old.metadata());
            metadata.putAll(fresh.metadata());
            return new Task(fresh.id(), fresh.subject(), fresh.description(), fresh.activeForm(), fresh.owner(), fresh.status(),
                    fresh.blocks(), fresh.blockedBy(), metadata, old.otherFields());
        } catch (IOException | IllegalArgumentException unreadable) {
            return fresh;
        }
    }

    // ------------------------------------------------------------------ import

    /**
     * Applies what changed on the task side since the last export, acting as agent {@code flow-db}.
     *
     * @param db the database
     * @param taskListDir the task list folder
     * @return what was applied, what conflicted, which files failed and why
     */
    public static ImportResult importChanges(Database db, Path taskListDir) {
        return importChanges(db, taskListDir, "flow-db");
    }

    /**
     * Applies what changed on the task side since the last export.
     *
     * @param db the database
     * @param taskListDir the task list folder
     * @param agent the agent recorded in the audit log (source {@value #SOURCE}); an owner in a task file wins for its claim
     * @return what was applied, what conflicted, which files failed and why
     */
    public static ImportResult importChanges(Database db, Path taskListDir, String agent) {
        List<String> applied = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        Map<String, String> errors = new TreeMap<>();
        List<Long> created = new ArrayList<>();
        Actor actor = Actor.of(agent, SOURCE);
        try (TaskFiles files = TaskFiles.lock(taskListDir, Duration.ofSeconds(30))) {
            Map<String, Task> tasks = new LinkedHashMap<>();
            Map<String, Path> fileOf = new HashMap<>();
            for (Path file : files.taskFiles()) {
                try {
                    Task t = read(file);
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
                        db.write(actor, tx -> {
                            applyKnown(tx, t, blockers.getOrDefault(t.id(), Set.of()), featureOfTask, applied, conflicts);
                            return null;
                        });
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
                    metadata.putAll(toTask(f).metadata());
                    files.write(name, json(new Task(t.id(), t.subject(), t.description(), t.activeForm() != null ? t.activeForm()
                            : "Implementing " + t.subject(), t.owner(), t.status(), t.blocks(), t.blockedBy(), metadata, t.otherFields())));
                } catch (FlowDbException e) {
                    errors.put(name, e.getMessage());
                }
            }
            noteDeletedTasks(db, actor, files, featureOfTask, errors, applied);
        }
        return new ImportResult(applied, conflicts, errors, created);
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
        Feature base = fromTask(new Task(t.id(), null, null, null, null, "pending", List.of(), List.of(), t.metadata(), Map.of()));
        Map<?, ?> flow = (Map<?, ?>) t.metadata().get("flow");
        String baseName = (String) flow.get("name");
        String baseDescription = (String) flow.get("description");
        boolean basePasses = Boolean.TRUE.equals(flow.get("passes"));
        boolean baseInProgress = Boolean.TRUE.equals(flow.get("inProgress"));
        TreeSet<Long> baseDeps = new TreeSet<>(longs(flow.get("dependencies")));
        Feature view = fromTask(t);
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
        viewDeps.addAll(longs(flow.get("danglingDependencies")));
        TreeSet<Long> currentDeps = new TreeSet<>(current.dependencies());
        if (!viewDeps.equals(baseDeps)) {
            if (!currentDeps.equals(baseDeps) && !currentDeps.equals(viewDeps)) {
                conflicts.add(tag + "dependencies changed on both sides (" + currentDeps + " in the database, " + viewDeps + " in the task)");
            } else if (!currentDeps.equals(viewDeps)) {
                store.setDependencies(current.id(), List.copyOf(viewDeps));
                applied.add(tag + "dependencies set to " + viewDeps);
            }
        }

        String baseStatus = status(basePasses, baseInProgress);
        String currentStatus = status(current.passes(), current.inProgress());
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

    /** {@link #fromTask(Task)} for a task Claude created: its id is a task id, not a feature id. */
    private static Feature fromTaskLenient(Task t) {
        Task withId = new Task("0", t.subject(), t.description(), t.activeForm(), t.owner(), t.status(), t.blocks(), t.blockedBy(),
                t.metadata(), t.otherFields());
        Feature f = fromTask(withId);
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
        String manifest = files.text(MANIFEST);
        if (manifest == null) {
            return;
        }
        Set<Long> exported;
        try {
            exported = new TreeSet<>(longs(((Map<?, ?>) Json.parse(manifest)).get("features")));
        } catch (RuntimeException unreadable) {
            errors.put(MANIFEST, "unreadable: " + unreadable.getMessage());
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
            files.write(MANIFEST, rest);
        }
    }
}
