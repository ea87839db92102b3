package dev.flowdb.tasks;

import dev.flowdb.Feature;
import dev.flowdb.ValidationException;
import dev.flowdb.schema.Json;
import dev.flowdb.schema.TimestampConverter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mapping between features and task files (see {@link TaskSync} for the rules): values both
 * ways, and a task file's JSON object both ways.
 */
final class TaskMapping {

    private TaskMapping() {
    }

    /**
     * Maps a feature to a task.
     *
     * @param feature the feature
     * @param dependents ids of the features that depend on it
     * @param existing ids of all features, or {@code null} to treat every dependency as existing
     * @return its task
     */
    static Task toTask(Feature feature, List<Long> dependents, Set<Long> existing) {
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

    static String status(boolean passes, boolean inProgress) {
        return passes ? "completed" : inProgress ? "in_progress" : "pending";
    }

    private static String time(java.time.Instant t) {
        return t == null ? null : TimestampConverter.format(t);
    }

    private static String describe(Feature f) {
        if (f.steps().isEmpty()) {
            return f.description();
        }
        StringBuilder sb = new StringBuilder(f.description()).append("\n\n").append(TaskSync.STEPS_BEGIN).append("\nSteps:\n");
        for (int i = 0; i < f.steps().size(); i++) {
            sb.append(i + 1).append(". ").append(f.steps().get(i).replace("\n", " ")).append('\n');
        }
        return sb.append(TaskSync.STEPS_END).toString();
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
    static Feature fromTask(Task task) {
        dev.flowdb.internal.store.Validation.notNull("task", task);
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
        int begin = description.indexOf(TaskSync.STEPS_BEGIN);
        int end = description.indexOf(TaskSync.STEPS_END);
        if (begin < 0 || end < begin) {
            return null;
        }
        List<String> steps = new ArrayList<>();
        for (String line : description.substring(begin + TaskSync.STEPS_BEGIN.length(), end).split("\n")) {
            int dot = line.indexOf(". ");
            if (!line.isBlank() && !line.equals("Steps:") && dot > 0 && line.substring(0, dot).chars().allMatch(Character::isDigit)) {
                steps.add(line.substring(dot + 2));
            }
        }
        return steps;
    }

    private static String withoutSteps(String description) {
        int begin = description.indexOf(TaskSync.STEPS_BEGIN);
        int end = description.indexOf(TaskSync.STEPS_END);
        if (begin < 0 || end < begin) {
            return description;
        }
        String before = description.substring(0, begin);
        String after = description.substring(end + TaskSync.STEPS_END.length());
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

    static List<Long> longs(Object value) {
        return value instanceof List<?> l ? l.stream().filter(Number.class::isInstance).map(v -> ((Number) v).longValue()).toList() : List.of();
    }

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

}
