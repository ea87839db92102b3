package dev.flowdb.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.EntryRules;
import dev.flowdb.Feature;
import dev.flowdb.FeatureNotFoundException;
import dev.flowdb.FeatureStats;
import dev.flowdb.FeatureStore;
import dev.flowdb.FeatureUpdate;
import dev.flowdb.IllegalFeatureStateException;
import dev.flowdb.InvalidDependencyException;
import dev.flowdb.NewFeature;
import dev.flowdb.ValidationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The original's twelve feature routes under {@code /api/projects/{project_name}/features}, with
 * its bodies, answers, key order, status codes and texts (REFERENCE-REST §4). Checks run in its
 * order: the framework's 422s, the project name, the registry and folder, the route's own checks.
 * Every write goes through {@link FeatureStore} for the request's actor, so it is validated and
 * audited; where the original saved unchecked or nothing at all, README "Differences" says what
 * this server does instead.
 */
final class FeatureRoutes {

    static final String BASE = "/api/projects/{project_name}/features";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<Object> BODY = List.of("body");
    private static final String WOULD_CYCLE = "Would create circular dependency";
    /** The depth past which the original's add-dependency route takes a chain for a cycle. */
    static final int MAX_DEPTH = 50;

    private final Projects projects;

    FeatureRoutes(Projects projects) {
        this.projects = projects;
    }

    void addTo(Routes routes) {
        routes.add("GET", BASE, "Database error occurred", this::list)
                .add("POST", BASE, "Failed to create feature", this::create)
                .add("POST", BASE + "/bulk", "Failed to bulk create features", this::bulk)
                .add("GET", BASE + "/graph", "Failed to get dependency graph", this::graph)
                .add("GET", BASE + "/{feature_id}", "Database error occurred", this::get)
                .add("PATCH", BASE + "/{feature_id}", "Failed to update feature", this::update)
                .add("DELETE", BASE + "/{feature_id}", "Failed to delete feature", this::delete)
                .add("PATCH", BASE + "/{feature_id}/skip", "Failed to skip feature", this::skip)
                .add("POST", BASE + "/{feature_id}/resolve-human-input", "Failed to resolve human input", this::resolve)
                .add("POST", BASE + "/{feature_id}/dependencies/{dep_id}", "Failed to add dependency", this::addDependency)
                .add("DELETE", BASE + "/{feature_id}/dependencies/{dep_id}", "Failed to remove dependency", this::removeDependency)
                .add("PUT", BASE + "/{feature_id}/dependencies", "Failed to set dependencies", this::setDependencies)
                .add("GET", "/api/projects/{project_name}/stats", "Database error occurred", this::stats);
    }

    /** The projects router's progress counts, with its own 404 texts (REFERENCE-REST §5). */
    private void stats(Exchange x) {
        Projects.Project project;
        try {
            project = projects.find(x.param("project_name"));
        } catch (Projects.Unresolved unresolved) {
            if (unresolved.refusal() == Projects.Refusal.NOT_REGISTERED) {
                throw HttpProblem.notFound("Project '" + x.param("project_name") + "' not found");
            }
            throw unresolved.asFeatureProblem();
        }
        FeatureStats counts = projects.exists(project) ? projects.open(project).features(x.actor()).stats()
                : new FeatureStats(0, 0, 0, 0, 0.0);
        ObjectNode stats = NODES.objectNode();
        stats.put("passing", counts.passing());
        stats.put("in_progress", counts.inProgress());
        stats.put("total", counts.total());
        stats.put("percentage", FeatureJson.percentage(counts.passing(), counts.total()));
        x.json(200, stats);
    }

    private void list(Exchange x) {
        Projects.Project project = projects.resolve(x.param("project_name"));
        ObjectNode groups = NODES.objectNode();
        ArrayNode pending = groups.putArray("pending");
        ArrayNode inProgress = groups.putArray("in_progress");
        ArrayNode done = groups.putArray("done");
        ArrayNode waiting = groups.putArray("needs_human_input");
        if (projects.exists(project)) {
            List<Feature> all = projects.open(project).features(x.actor()).getAll();
            Set<Long> passing = FeatureJson.passingIds(all);
            for (Feature f : all) {
                ArrayNode group = f.passes() ? done : f.needsHumanInput() ? waiting : f.inProgress() ? inProgress : pending;
                group.add(FeatureJson.response(f, passing));
            }
        }
        x.json(200, groups);
    }

    private void create(Exchange x) {
        RequestCheck check = new RequestCheck();
        ObjectNode body = check.body(x.body());
        Draft draft = draft(check, body, BODY);
        check.done();
        Database db = projects.open(projects.resolve(x.param("project_name")));
        Feature created = translated(() -> store(db, x).create(draft.toNewFeature(draft.priority())));
        x.json(200, FeatureJson.response(created, null));
    }

    private void bulk(Exchange x) {
        RequestCheck check = new RequestCheck();
        ObjectNode body = check.body(x.body());
        JsonNode items = check.list(body, BODY, "features", true);
        List<Draft> features = new ArrayList<>();
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                List<Object> at = List.of("body", "features", i);
                features.add(draft(check, check.object(items.get(i), at), at));
            }
        }
        Long start = check.integer(body, BODY, "starting_priority", false);
        check.done();
        Projects.Project project = projects.resolve(x.param("project_name"));
        ObjectNode answer = NODES.objectNode();
        if (features.isEmpty()) {
            answer.put("created", 0);
            answer.putArray("features");
            x.json(200, answer);
            return;
        }
        if (start != null && start < 1) {
            throw HttpProblem.badRequest("starting_priority must be >= 1");
        }
        Database db = projects.open(project);
        List<Feature> created = new ArrayList<>(translated(() -> {
            List<NewFeature> prioritised = new ArrayList<>();
            for (int i = 0; i < features.size(); i++) {
                // the original numbers a batch itself and ignores each item's own priority
                prioritised.add(features.get(i).toNewFeature(start == null ? null : start + i));
            }
            return store(db, x).createBulk(prioritised);
        }));
        created.sort(Comparator.comparingLong(Feature::priority).thenComparingLong(Feature::id));
        answer.put("created", created.size());
        ArrayNode list = answer.putArray("features");
        created.forEach(f -> list.add(FeatureJson.response(f, null)));
        x.json(200, answer);
    }

    private void graph(Exchange x) {
        Projects.Project project = projects.resolve(x.param("project_name"));
        ObjectNode graph = NODES.objectNode();
        ArrayNode nodes = graph.putArray("nodes");
        ArrayNode edges = graph.putArray("edges");
        if (projects.exists(project)) {
            List<Feature> all = new ArrayList<>(projects.open(project).features(x.actor()).getAll());
            all.sort(Comparator.comparingLong(Feature::id));
            Set<Long> passing = FeatureJson.passingIds(all);
            for (Feature f : all) {
                ObjectNode node = nodes.addObject();
                node.put("id", f.id());
                node.put("name", f.name());
                node.put("category", f.category());
                node.put("status", graphStatus(f, passing));
                node.put("priority", f.priority());
                FeatureJson.ids(node.putArray("dependencies"), f.dependencies());
                for (Long dependency : f.dependencies()) {
                    ObjectNode edge = edges.addObject();
                    edge.put("source", dependency);
                    edge.put("target", f.id());
                }
            }
        }
        x.json(200, graph);
    }

    static String graphStatus(Feature f, Set<Long> passing) {
        if (f.passes()) {
            return "done";
        }
        if (f.needsHumanInput()) {
            return "needs_human_input";
        }
        if (!FeatureJson.blocking(f, passing).isEmpty()) {
            return "blocked";
        }
        return f.inProgress() ? "in_progress" : "pending";
    }

    private void get(Exchange x) {
        RequestCheck check = new RequestCheck();
        long id = check.pathInt("feature_id", x.param("feature_id"));
        check.done();
        Projects.Project project = projects.resolve(x.param("project_name"));
        if (!projects.exists(project)) {
            throw HttpProblem.notFound("No features database found");
        }
        Feature f = find(projects.open(project).features(x.actor()), id);
        x.json(200, FeatureJson.response(f, null));
    }

    private void update(Exchange x) {
        RequestCheck check = new RequestCheck();
        long id = check.pathInt("feature_id", x.param("feature_id"));
        ObjectNode body = check.body(x.body());
        String category = check.string(body, BODY, "category", false);
        String name = check.string(body, BODY, "name", false);
        String description = check.string(body, BODY, "description", false);
        List<String> steps = check.strings(body, BODY, "steps", false);
        Long priority = check.integer(body, BODY, "priority", false);
        List<Long> dependencies = check.integers(body, BODY, "dependencies", false, -1);
        check.done();
        Database db = projects.open(projects.resolve(x.param("project_name")));
        Feature updated = translated(() -> db.write(x.actor(), tx -> {
            FeatureStore features = store(db, x);
            Feature current = find(features, id);
            if (current.passes()) {
                throw IllegalFeatureStateException.completedIsImmutable();
            }
            FeatureUpdate change = new FeatureUpdate(category, name, description, steps, priority);
            if (!change.equals(FeatureUpdate.empty())) {
                features.update(id, change);
            }
            if (dependencies != null) {
                features.setDependencies(id, dependencies);
            }
            return find(features, id);
        }));
        List<Feature> all = db.features(x.actor()).getAll();
        x.json(200, FeatureJson.response(updated, FeatureJson.passingIds(all)));
    }

    private void delete(Exchange x) {
        RequestCheck check = new RequestCheck();
        long id = check.pathInt("feature_id", x.param("feature_id"));
        check.done();
        Database db = projects.open(projects.resolve(x.param("project_name")));
        List<Long> affected = translated(() -> db.write(x.actor(), tx -> {
            find(tx.features(), id);
            return tx.features().delete(id);
        }));
        ObjectNode answer = NODES.objectNode();
        answer.put("success", true);
        answer.put("message", affected.isEmpty() ? "Feature " + id + " deleted"
                : "Feature " + id + " deleted. Removed from dependencies of features: " + pythonList(affected));
        FeatureJson.ids(answer.putArray("affected_features"), affected);
        x.json(200, answer);
    }

    private void skip(Exchange x) {
        RequestCheck check = new RequestCheck();
        long id = check.pathInt("feature_id", x.param("feature_id"));
        check.done();
        FeatureStore features = store(projects.open(projects.resolve(x.param("project_name"))), x);
        translated(() -> features.skip(positive(id)));
        ObjectNode answer = NODES.objectNode();
        answer.put("success", true);
        answer.put("message", "Feature " + id + " moved to end of queue");
        x.json(200, answer);
    }

    private void resolve(Exchange x) {
        RequestCheck check = new RequestCheck();
        long id = check.pathInt("feature_id", x.param("feature_id"));
        ObjectNode body = check.body(x.body());
        Map<String, Object> fields = check.answers(body, BODY, "fields");
        check.done();
        Database db = projects.open(projects.resolve(x.param("project_name")));
        Feature answered = translated(() -> db.features(x.actor()).answerHumanInput(positive(id), fields));
        x.json(200, FeatureJson.response(answered, FeatureJson.passingIds(db.features(x.actor()).getAll())));
    }

    private void addDependency(Exchange x) {
        RequestCheck check = new RequestCheck();
        long id = check.pathInt("feature_id", x.param("feature_id"));
        long dependency = check.pathInt("dep_id", x.param("dep_id"));
        check.done();
        Projects.checkName(x.param("project_name"));
        if (id == dependency) {
            throw HttpProblem.badRequest("A feature cannot depend on itself");
        }
        Database db = projects.open(projects.resolve(x.param("project_name")));
        List<Long> list = translated(() -> db.write(x.actor(), tx -> {
            FeatureStore features = store(db, x);
            List<Long> current = find(features, id).dependencies();
            if (dependency < 1 || features.getById(dependency).isEmpty()) {
                throw HttpProblem.notFound("Dependency " + dependency + " not found");
            }
            // the original's checks in its order, with its texts; the library checks them again
            if (current.size() >= FeatureStore.MAX_DEPENDENCIES) {
                throw HttpProblem.badRequest("Maximum " + FeatureStore.MAX_DEPENDENCIES + " dependencies allowed");
            }
            if (current.contains(dependency)) {
                throw HttpProblem.badRequest("Dependency already exists");
            }
            if (reachesTooDeep(features.getAll(), dependency)) {
                throw HttpProblem.badRequest(WOULD_CYCLE);
            }
            try {
                return features.addDependency(id, dependency);
            } catch (InvalidDependencyException refused) {
                // the checks above ran in this write transaction, so only a true cycle is left; the
                // library words it as the MCP tool does, this route its own way
                throw refused.reason() == InvalidDependencyException.Reason.CYCLE ? HttpProblem.badRequest(WOULD_CYCLE) : refused;
            }
        }));
        x.json(200, dependencyAnswer(id, list));
    }

    /**
     * The original's add-dependency route walks from the new dependency along the dependency lists
     * and takes a path deeper than {@value #MAX_DEPTH} as a cycle, so it refuses such a chain even
     * when it has none; this route answers it as the original does (the library, the MCP tools and
     * the other routes have no depth limit).
     */
    static boolean reachesTooDeep(List<Feature> all, long from) {
        Map<Long, List<Long>> deps = new java.util.HashMap<>();
        all.forEach(f -> deps.put(f.id(), f.dependencies()));
        return deeper(deps, from, 0, new HashSet<>());
    }

    private static boolean deeper(Map<Long, List<Long>> deps, long at, int depth, Set<Long> seen) {
        if (depth > MAX_DEPTH) {
            return true;
        }
        if (!seen.add(at)) {
            return false;
        }
        for (long next : deps.getOrDefault(at, List.of())) {
            if (deeper(deps, next, depth + 1, seen)) {
                return true;
            }
        }
        return false;
    }

    private void removeDependency(Exchange x) {
        RequestCheck check = new RequestCheck();
        long id = check.pathInt("feature_id", x.param("feature_id"));
        long dependency = check.pathInt("dep_id", x.param("dep_id"));
        check.done();
        FeatureStore features = store(projects.open(projects.resolve(x.param("project_name"))), x);
        List<Long> list = translated(() -> features.removeDependency(positive(id), dependency));
        x.json(200, dependencyAnswer(id, list));
    }

    private void setDependencies(Exchange x) {
        RequestCheck check = new RequestCheck();
        long id = check.pathInt("feature_id", x.param("feature_id"));
        ObjectNode body = check.body(x.body());
        List<Long> ids = check.integers(body, BODY, "dependency_ids", true, FeatureStore.MAX_DEPENDENCIES);
        check.done();
        Projects.Project project = projects.resolve(x.param("project_name"));
        if (ids.contains(id)) {
            throw HttpProblem.badRequest("A feature cannot depend on itself");
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw HttpProblem.badRequest("Duplicate dependencies not allowed");
        }
        FeatureStore features = store(projects.open(project), x);
        List<Long> list = translated(() -> features.setDependencies(positive(id), ids));
        x.json(200, dependencyAnswer(id, list));
    }

    private static ObjectNode dependencyAnswer(long id, List<Long> dependencies) {
        ObjectNode answer = NODES.objectNode();
        answer.put("success", true);
        answer.put("feature_id", id);
        FeatureJson.ids(answer.putArray("dependencies"), dependencies);
        return answer;
    }

    /** A FeatureCreate body as read, turned into a {@link NewFeature} once it has no issue. */
    private record Draft(String category, String name, String description, List<String> steps, Long priority,
                         List<Long> dependencies) {

        NewFeature toNewFeature(Long withPriority) {
            List<DependencyRef> refs = dependencies.stream().map(DependencyRef::id).collect(Collectors.toList());
            return new NewFeature(category, name, description, steps, withPriority, refs);
        }
    }

    private static Draft draft(RequestCheck check, ObjectNode body, List<Object> at) {
        String category = check.string(body, at, "category", true);
        String name = check.string(body, at, "name", true);
        String description = check.string(body, at, "description", true);
        List<String> steps = check.strings(body, at, "steps", true);
        List<Long> dependencies = body != null && body.has("dependencies")
                ? check.integers(body, at, "dependencies", true, -1) : List.of();
        Long priority = check.integer(body, at, "priority", false);
        return new Draft(category, name, description, steps, priority, dependencies);
    }

    /** The verbs for the request's actor, under the original REST router's rules (empty texts and steps stored; skip only moves). */
    private static FeatureStore store(Database db, Exchange x) {
        return db.features(x.actor(), EntryRules.ORIGINAL_REST);
    }

    /** The original answers a feature id below 1 as "not found" (it is a valid integer no feature has). */
    private static long positive(long id) {
        if (id < 1) {
            throw HttpProblem.notFound("Feature " + id + " not found");
        }
        return id;
    }

    private static Feature find(FeatureStore features, long id) {
        return features.getById(positive(id)).orElseThrow(() -> HttpProblem.notFound("Feature " + id + " not found"));
    }

    /** Runs store work, answering the library's refusals as the original's 400s and 404s. */
    static <T> T translated(java.util.concurrent.Callable<T> work) {
        try {
            return work.call();
        } catch (FeatureNotFoundException e) {
            throw HttpProblem.notFound("Feature " + e.featureId() + " not found");
        } catch (IllegalFeatureStateException | InvalidDependencyException | ValidationException e) {
            throw HttpProblem.badRequest(e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Python's {@code str(list)} of ids: {@code [3, 5]}. */
    static String pythonList(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
}
