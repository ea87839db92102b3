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
import java.util.Optional;

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
                true, x.actor(), null));
        for (Projects.Registered row : registry) {
            if (!row.name().equals(projects.servedName()) && usable(row.dir())) {
                list.add(summary(row, false, x.actor(), null));
            }
        }
        x.json(200, list);
    }

    private void detail(Exchange x) {
        String name = x.param("project_name");
        Optional<Projects.Registered> registered = projects.registered(name);
        Projects.Project project;
        try {
            project = projects.find(name);
        } catch (Projects.Unresolved unresolved) {
            if (unresolved.refusal() == Projects.Refusal.NO_DIRECTORY) {
                // only a registered project's folder can be gone
                throw HttpProblem.notFound("Project directory no longer exists: " + registered.map(r -> posix(r.dir())).orElse(name));
            }
            throw unresolved.asFeatureProblem();
        }
        Projects.Registered row = registered.orElse(Projects.Registered.withDefaults(name, project.dir()));
        Path dir = project.served() ? projects.servedDir() : row.dir();
        x.json(200, summary(row, project.served(), x.actor(), dir == null ? "" : posix(promptsDir(dir))));
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

    /**
     * One {@code ProjectSummary}, keys in the original's order; with {@code promptsDir}, the
     * {@code ProjectDetail}, which has it right after {@code stats}.
     */
    private ObjectNode summary(Projects.Registered row, boolean served, Actor actor, String promptsDir) {
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
        if (promptsDir != null) {
            summary.put("prompts_dir", promptsDir);
        }
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
