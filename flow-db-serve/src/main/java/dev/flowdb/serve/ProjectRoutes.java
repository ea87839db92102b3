package dev.flowdb.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowdb.Actor;
import dev.flowdb.FeatureStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the original web UI asks of its projects router besides the features (REFERENCE-REST §9):
 * the project list that fills its selector, one project's detail, and the polls of its agent and
 * schedule panels, answered truthfully for a server that runs no agent and no scheduler
 * ({@code stopped}, no schedules). The original's agent control, settings, file and spec routes
 * are not served (404), because flow-db has no agent to start and no settings of the original to
 * keep.
 *
 * <p>The list holds the served project first, then every project of the original's registry in
 * row order (read-only) whose folder is there and readable and writable, as the original leaves
 * out the others. Each entry's {@code stats} are always present: the backlog's counts, or zeros
 * when the project has no {@code features.db} yet (the file is not created).
 */
final class ProjectRoutes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SPEC_MARK = "<project_specification>";
    /** Where the original looks for a project's prompts folder, in order (REFERENCE-REST §9). */
    private static final List<String> PROMPT_DIRS = List.of(".autoforge/prompts", ".autocoder/prompts", "prompts");

    private final Projects projects;
    private final String servedPath;

    /**
     * @param projects the served project and the registry
     * @param servedPath what {@code path} says for a served backlog that has no folder (a PostgreSQL one)
     */
    ProjectRoutes(Projects projects, String servedPath) {
        this.projects = projects;
        this.servedPath = servedPath;
    }

    void addTo(Routes routes) {
        routes.add("GET", "/api/projects", "Failed to list projects", this::list)
                .add("GET", "/api/projects/{project_name}", "Failed to get project", this::detail)
                .add("GET", "/api/projects/{project_name}/agent/status", "Failed to get agent status", this::agentStatus)
                .add("GET", "/api/projects/{project_name}/schedules", "Failed to list schedules", this::schedules)
                .add("GET", "/api/projects/{project_name}/schedules/next", "Failed to get next schedule", this::nextSchedule);
    }

    private void list(Exchange x) {
        ArrayNode list = NODES.arrayNode();
        Projects.Registered served = null;
        List<Projects.Registered> registry = projects.registry();
        for (Projects.Registered row : registry) {
            if (row.name().equals(projects.servedName())) {
                served = row;
            }
        }
        list.add(summary(served != null ? served : Projects.Registered.withDefaults(projects.servedName(), projects.servedDir()),
                true, x.actor()));
        for (Projects.Registered row : registry) {
            if (!row.name().equals(projects.servedName()) && usable(row.dir())) {
                list.add(summary(row, false, x.actor()));
            }
        }
        x.json(200, list);
    }

    private void detail(Exchange x) {
        String name = x.param("project_name");
        Projects.Project project;
        try {
            project = projects.find(name);
        } catch (Projects.Unresolved unresolved) {
            throw switch (unresolved.refusal()) {
                case NO_DIRECTORY -> HttpProblem.notFound("Project directory no longer exists: "
                        + projects.registry().stream().filter(r -> r.name().equals(name)).findFirst()
                                .map(r -> posix(r.dir())).orElse(name));
                default -> unresolved.asFeatureProblem();
            };
        }
        Projects.Registered row = projects.registry().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElse(Projects.Registered.withDefaults(name, project.dir()));
        ObjectNode detail = summary(row, project.served(), x.actor());
        Path dir = project.served() ? projects.servedDir() : row.dir();
        // the detail is the summary with prompts_dir after stats, in the original's key order
        ObjectNode ordered = NODES.objectNode();
        detail.properties().forEach(field -> {
            ordered.set(field.getKey(), field.getValue());
            if (field.getKey().equals("stats")) {
                ordered.put("prompts_dir", dir == null ? "" : posix(promptsDir(dir)));
            }
        });
        x.json(200, ordered);
    }

    private void agentStatus(Exchange x) {
        projects.resolve(x.param("project_name"));
        ObjectNode status = NODES.objectNode();
        status.put("status", "stopped");   // flow-db runs no agent
        status.putNull("pid");
        status.putNull("started_at");
        status.put("yolo_mode", false);
        status.putNull("model");
        status.put("parallel_mode", false);
        status.putNull("max_concurrency");
        status.put("testing_agent_ratio", 1);
        x.json(200, status);
    }

    private void schedules(Exchange x) {
        projects.resolve(x.param("project_name"));
        ObjectNode answer = NODES.objectNode();
        answer.putArray("schedules");   // flow-db starts no agent on a schedule
        x.json(200, answer);
    }

    private void nextSchedule(Exchange x) {
        projects.resolve(x.param("project_name"));
        ObjectNode answer = NODES.objectNode();
        answer.put("has_schedules", false);
        answer.putNull("next_start");
        answer.putNull("next_end");
        answer.put("is_currently_running", false);
        answer.put("active_schedule_count", 0);
        x.json(200, answer);
    }

    /** One {@code ProjectSummary}, keys in the original's order. */
    private ObjectNode summary(Projects.Registered row, boolean served, Actor actor) {
        Path dir = served ? projects.servedDir() : row.dir();
        ObjectNode summary = NODES.objectNode();
        summary.put("name", row.name());
        summary.put("path", dir == null ? servedPath : posix(dir));
        summary.put("has_spec", dir != null && hasSpec(dir));
        Projects.Project project = new Projects.Project(row.name(), dir, served);
        FeatureStats counts = projects.exists(project) ? projects.open(project).features(actor).stats()
                : new FeatureStats(0, 0, 0, 0, 0.0);
        ObjectNode stats = summary.putObject("stats");
        stats.put("passing", counts.passing());
        stats.put("in_progress", counts.inProgress());
        stats.put("total", counts.total());
        stats.put("percentage", FeatureJson.percentage(counts.passing(), counts.total()));
        summary.put("default_concurrency", row.defaultConcurrency());
        summary.put("auto_improve_enabled", row.autoImproveEnabled());
        summary.put("auto_improve_interval_minutes", row.autoImproveIntervalMinutes());
        return summary;
    }

    /** The original lists a registered project only while its folder is a readable, writable directory. */
    private static boolean usable(Path dir) {
        return Files.isDirectory(dir) && Files.isReadable(dir) && Files.isWritable(dir);
    }

    /** The first prompts folder that exists, else the one the original would create. */
    static Path promptsDir(Path project) {
        for (String candidate : PROMPT_DIRS) {
            Path dir = project.resolve(candidate);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        return project.resolve(PROMPT_DIRS.get(0));
    }

    /** The original's rule: the prompts folder's {@code app_spec.txt}, else the project's own, holds the specification tag. */
    static boolean hasSpec(Path project) {
        return mentionsSpec(promptsDir(project).resolve("app_spec.txt")) || mentionsSpec(project.resolve("app_spec.txt"));
    }

    private static boolean mentionsSpec(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(SPEC_MARK);
        } catch (IOException unreadable) {
            return false;
        }
    }

    private static String posix(Path dir) {
        return dir.toAbsolutePath().toString().replace('\\', '/');
    }
}
