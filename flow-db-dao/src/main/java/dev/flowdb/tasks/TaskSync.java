package dev.flowdb.tasks;

import dev.flowdb.Beta;
import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.ValidationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    static final String MANIFEST = ".flow-db-sync.json";

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
        return TaskMapping.toTask(feature, List.of(), null);
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
        return TaskMapping.toTask(feature, dependents, existing);
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
        return TaskMapping.fromTask(task);
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
        try (TaskFiles files = TaskFiles.lock(taskListDir, TaskFiles.LOCK_WAIT)) {
            long maxId = 0;
            for (Feature f : all) {
                maxId = Math.max(maxId, f.id());
                Task task = TaskMapping.toTask(f, dependents.getOrDefault(f.id(), List.of()), existing);
                String name = f.id() + ".json";
                Task merged = mergeWithExisting(task, taskListDir.resolve(name));
                Map<String, Object> json = TaskMapping.json(merged);
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
            Task old = TaskMapping.read(file);
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
        return TaskImport.run(db, taskListDir, agent);
    }
}
