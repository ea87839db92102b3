package dev.flowdb.mcp;

import dev.flowdb.Actor;
import dev.flowdb.BlockedPage;
import dev.flowdb.ChangeEvent;
import dev.flowdb.ClaimResult;
import dev.flowdb.Database;
import dev.flowdb.DatabaseBusyException;
import dev.flowdb.DependencyGraph;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStats;
import dev.flowdb.FeatureStore;
import dev.flowdb.FlowDbException;
import dev.flowdb.HumanInputRequest;
import dev.flowdb.NewFeature;
import dev.flowdb.ReadyPage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The feature tools of the original MCP server (same names, arguments, bounds, defaults and JSON
 * answers, REFERENCE §6–§7), plus {@code feature_claim_next}, {@code feature_get_events} and
 * {@code feature_release_stale}. Each answer is the JSON text Python's {@code json.dumps} would
 * write; refusals are {@code {"error": "…"}} answers; invalid arguments throw
 * {@link InvalidArguments}, which the server turns into an MCP tool error.
 */
final class FeatureTools {

    /** Arguments that do not fit a tool's schema (type, bounds, required). */
    static final class InvalidArguments extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidArguments(String message) {
            super(message);
        }
    }

    /** One tool: its name, description, JSON schema and what it does. */
    record Tool(String name, String description, String inputSchema, Function<Map<String, Object>, Object> handler) {
    }

    private final Database db;
    private final FeatureStore store;
    private final Actor actor;
    private final Map<String, Tool> tools = new LinkedHashMap<>();

    FeatureTools(Database db, Actor actor) {
        this.db = db;
        this.actor = actor;
        this.store = db.features(actor);
        define();
    }

    Map<String, Tool> tools() {
        return tools;
    }

    /** Runs a tool; returns the JSON text of its answer. */
    String call(String name, Map<String, Object> args) {
        Tool tool = tools.get(name);
        if (tool == null) {
            throw new InvalidArguments("Unknown tool: " + name);
        }
        try {
            return PyJson.dumps(tool.handler().apply(args == null ? Map.of() : args));
        } catch (InvalidArguments invalid) {
            throw invalid;
        } catch (DatabaseBusyException busy) {
            return error(name, busy);
        } catch (FlowDbException refused) {
            return PyJson.dumps(Map.of("error", refused.getMessage()));
        }
    }

    private static String error(String tool, FlowDbException e) {
        String prefix = switch (tool) {
            case "feature_claim_and_get" -> "Failed to claim feature: ";
            case "feature_mark_failing" -> "Failed to mark feature failing: ";
            case "feature_skip" -> "Failed to skip feature: ";
            case "feature_add_dependency" -> "Failed to add dependency: ";
            case "feature_set_dependencies" -> "Failed to set dependencies: ";
            default -> "";
        };
        return PyJson.dumps(Map.of("error", prefix + e.getMessage()));
    }

    // ------------------------------------------------------------------ shapes

    static Map<String, Object> dict(Feature f) {
        return OriginalJson.feature(f);
    }

    // ------------------------------------------------------------------ arguments

    private static long id(Map<String, Object> args, String name) {
        Object v = args.get(name);
        if (!(v instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw new InvalidArguments(name + ": an integer is required");
        }
        if (n.longValue() < 1) {
            throw new InvalidArguments(name + ": must be greater than or equal to 1");
        }
        return n.longValue();
    }

    private static int limit(Map<String, Object> args, int fallback, int max) {
        Object v = args.get("limit");
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != n.longValue()) {
            throw new InvalidArguments("limit: an integer is required");
        }
        if (n.longValue() < 1 || n.longValue() > max) {
            throw new InvalidArguments("limit: must be between 1 and " + max);
        }
        return n.intValue();
    }

    private static String text(Map<String, Object> args, String name, int min, int max) {
        Object v = args.get(name);
        if (!(v instanceof String s)) {
            throw new InvalidArguments(name + ": a string is required");
        }
        if (s.length() < min || s.length() > max) {
            throw new InvalidArguments(name + ": length must be between " + min + " and " + max);
        }
        return s;
    }

    private static List<String> strings(Map<String, Object> args, String name, int min) {
        Object v = args.get(name);
        if (!(v instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof String))) {
            throw new InvalidArguments(name + ": a list of strings is required");
        }
        if (list.size() < min) {
            throw new InvalidArguments(name + ": at least " + min + " item(s) required");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static List<Long> ids(Map<String, Object> args, String name) {
        Object v = args.get(name);
        if (!(v instanceof List<?> list) || list.stream().anyMatch(x -> !(x instanceof Number n) || n.doubleValue() != n.longValue())) {
            throw new InvalidArguments(name + ": a list of integers is required");
        }
        return list.stream().map(x -> ((Number) x).longValue()).toList();
    }

    // ------------------------------------------------------------------ tools

    private static final String NO_ARGS = "{\"type\":\"object\",\"properties\":{}}";
    private static final String FEATURE_ID = "{\"type\":\"object\",\"properties\":{\"feature_id\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"feature_id\"]}";
    private static final String DEPENDENCY = "{\"type\":\"object\",\"properties\":{\"feature_id\":{\"type\":\"integer\",\"minimum\":1},"
            + "\"dependency_id\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"feature_id\",\"dependency_id\"]}";

    private void tool(String name, String description, String schema, Function<Map<String, Object>, Object> handler) {
        tools.put(name, new Tool(name, description, schema, handler));
    }

    private void define() {
        tool("feature_get_stats", "Get statistics about feature completion progress.", NO_ARGS, a -> OriginalJson.stats(store.stats()));
        tool("feature_get_by_id", "Get a specific feature by its ID.", FEATURE_ID, a -> {
            long id = id(a, "feature_id");
            return store.getById(id).<Object>map(FeatureTools::dict).orElseGet(() -> notFound(id));
        });
        tool("feature_get_summary", "Get a short summary of a feature (id, name, status, dependencies).", FEATURE_ID, a -> {
            long id = id(a, "feature_id");
            return store.getById(id).<Object>map(f -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", f.id());
                m.put("name", f.name());
                m.put("passes", f.passes());
                m.put("in_progress", f.inProgress());
                m.put("needs_human_input", f.needsHumanInput());
                m.put("dependencies", f.dependencies());
                return m;
            }).orElseGet(() -> notFound(id));
        });
        tool("feature_create", "Create a single feature at the end of the queue.",
                "{\"type\":\"object\",\"properties\":{\"category\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":100},"
                        + "\"name\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":255},\"description\":{\"type\":\"string\",\"minLength\":1},"
                        + "\"steps\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":1}},\"required\":[\"category\",\"name\",\"description\",\"steps\"]}",
                a -> {
                    Feature f = store.create(new NewFeature(text(a, "category", 1, 100), text(a, "name", 1, 255),
                            text(a, "description", 1, Integer.MAX_VALUE), strings(a, "steps", 1)));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("success", true);
                    m.put("message", "Created feature: " + f.name());
                    m.put("feature", dict(f));
                    return m;
                });
        tool("feature_create_bulk", "Create many features at once; depends_on_indices refer to earlier items of the same list.",
                "{\"type\":\"object\",\"properties\":{\"features\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}},\"required\":[\"features\"]}",
                this::createBulk);
        tool("feature_claim_and_get", "Atomically claim a feature (mark it in progress) and return it; claiming a feature already in progress succeeds.",
                FEATURE_ID, a -> {
                    long id = id(a, "feature_id");
                    ClaimResult r = store.claim(id);
                    if (r instanceof ClaimResult.Refused refused) {
                        return Map.of("error", refused.message());
                    }
                    Map<String, Object> m = dict(r.feature().orElseThrow());
                    m.put("already_claimed", r instanceof ClaimResult.AlreadyClaimed);
                    return m;
                });
        tool("feature_mark_in_progress", "Mark a feature as in progress.", FEATURE_ID, a -> dict(store.markInProgress(id(a, "feature_id"))));
        tool("feature_clear_in_progress", "Clear a feature's in-progress flag.", FEATURE_ID, a -> dict(store.clearInProgress(id(a, "feature_id"))));
        tool("feature_mark_passing", "Mark a feature as passing.", FEATURE_ID, a -> {
            Feature f = store.markPassing(id(a, "feature_id"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("success", true);
            m.put("feature_id", f.id());
            m.put("name", f.name());
            return m;
        });
        tool("feature_mark_failing", "Mark a feature as failing (a regression); also clears in progress.", FEATURE_ID, a -> {
            Feature f = store.markFailing(id(a, "feature_id"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message", "Feature #" + f.id() + " marked as failing - regression detected");
            m.put("feature", dict(f));
            return m;
        });
        tool("feature_skip", "Move a feature to the end of the queue.", FEATURE_ID, a -> {
            FeatureStore.SkipResult r = store.skip(id(a, "feature_id"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.feature().id());
            m.put("name", r.feature().name());
            m.put("old_priority", r.oldPriority());
            m.put("new_priority", r.newPriority());
            m.put("message", "Feature '" + r.feature().name() + "' moved to end of queue");
            return m;
        });
        tool("feature_add_dependency", "Make a feature depend on another.", DEPENDENCY, a -> {
            long id = id(a, "feature_id");
            return dependencies(id, store.addDependency(id, id(a, "dependency_id")));
        });
        tool("feature_remove_dependency", "Remove a dependency from a feature.", DEPENDENCY, a -> {
            long id = id(a, "feature_id");
            return dependencies(id, store.removeDependency(id, id(a, "dependency_id")));
        });
        tool("feature_set_dependencies", "Replace all dependencies of a feature.",
                "{\"type\":\"object\",\"properties\":{\"feature_id\":{\"type\":\"integer\",\"minimum\":1},"
                        + "\"dependency_ids\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}},\"required\":[\"feature_id\",\"dependency_ids\"]}",
                a -> {
                    long id = id(a, "feature_id");
                    return dependencies(id, store.setDependencies(id, ids(a, "dependency_ids")));
                });
        tool("feature_get_ready", "Features ready to start (all dependencies passing), best first.",
                "{\"type\":\"object\",\"properties\":{\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":50,\"default\":10}}}", a -> {
                    ReadyPage page = store.ready(limit(a, 10, 50));
                    return OriginalJson.page(page.features().stream().map(OriginalJson::feature).toList(), "total_ready", page.totalReady());
                });
        tool("feature_get_blocked", "Features blocked by dependencies that do not pass, with what blocks them.",
                "{\"type\":\"object\",\"properties\":{\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100,\"default\":20}}}", a -> {
                    BlockedPage page = store.blocked(limit(a, 20, 100));
                    return OriginalJson.page(page.features().stream().map(OriginalJson::blocked).toList(), "total_blocked", page.totalBlocked());
                });
        tool("feature_get_graph", "The dependency graph: nodes with status, and edges.", NO_ARGS, a -> {
            DependencyGraph g = store.graph();
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (DependencyGraph.GraphNode n : g.nodes()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", n.id());
                m.put("name", n.name());
                m.put("category", n.category());
                m.put("status", n.status().wireName());
                m.put("priority", n.priority());
                m.put("dependencies", n.dependencies());
                nodes.add(m);
            }
            List<Map<String, Object>> edges = new ArrayList<>();
            for (DependencyGraph.Edge e : g.edges()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", e.source());
                m.put("target", e.target());
                edges.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nodes", nodes);
            m.put("edges", edges);
            return m;
        });
        tool("feature_request_human_input", "Ask a person for input on a feature in progress.",
                "{\"type\":\"object\",\"properties\":{\"feature_id\":{\"type\":\"integer\",\"minimum\":1},\"prompt\":{\"type\":\"string\"},"
                        + "\"fields\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}},\"required\":[\"feature_id\",\"prompt\",\"fields\"]}",
                a -> {
                    long id = id(a, "feature_id");
                    if (!(a.get("fields") instanceof List<?> list)) {
                        throw new InvalidArguments("fields: a list of objects is required");
                    }
                    List<HumanInputRequest.Field> fields = new ArrayList<>();
                    for (Object o : list) {
                        if (!(o instanceof Map<?, ?> f)) {
                            throw new InvalidArguments("fields: a list of objects is required");
                        }
                        List<String> options = f.get("options") instanceof List<?> opts ? opts.stream().map(String::valueOf).toList() : List.of();
                        fields.add(new HumanInputRequest.Field((String) f.get("id"), (String) f.get("label"),
                                f.get("type") == null ? "text" : String.valueOf(f.get("type")), !Boolean.FALSE.equals(f.get("required")), options));
                    }
                    return dict(store.requestHumanInput(id, new HumanInputRequest(text(a, "prompt", 1, Integer.MAX_VALUE), fields)));
                });
        tool("feature_claim_next", "Atomically pick the best ready feature and claim it (never the same feature for two agents).", NO_ARGS, a -> {
            Optional<Feature> next = store.claimNextReady();
            if (next.isEmpty()) {
                FeatureStats s = store.stats();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("error", s.isComplete() ? "All features are passing" : "No features are ready to claim");
                m.put("all_passing", s.isComplete());
                return m;
            }
            Map<String, Object> m = dict(next.get());
            m.put("already_claimed", false);
            return m;
        });
        tool("feature_get_events", "A feature's history from the audit log, oldest first.", FEATURE_ID, a -> {
            long id = id(a, "feature_id");
            List<Map<String, Object>> events = new ArrayList<>();
            for (ChangeEvent e : db.events().forFeature(id)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", e.id());
                m.put("event_type", e.eventType());
                m.put("field", e.field());
                m.put("old_value", OriginalJson.parsed(e.oldValue()));
                m.put("new_value", OriginalJson.parsed(e.newValue()));
                m.put("agent", e.agent());
                m.put("source", e.source());
                m.put("created_at", e.createdAt() == null ? null : dev.flowdb.schema.TimestampConverter.format(e.createdAt()));
                events.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature_id", id);
            m.put("events", events);
            return m;
        });
        tool("feature_release_stale", "Release claims older than the given number of minutes (agents that crashed).",
                "{\"type\":\"object\",\"properties\":{\"older_than_minutes\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"older_than_minutes\"]}",
                a -> {
                    long minutes = id(a, "older_than_minutes");
                    List<Long> released = store.releaseStaleClaims(Duration.ofMinutes(minutes)).stream().map(Feature::id).toList();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("released", released);
                    m.put("count", released.size());
                    return m;
                });
    }

    private static Map<String, Object> notFound(long id) {
        return Map.of("error", "Feature with ID " + id + " not found");
    }

    private static Map<String, Object> dependencies(long id, List<Long> deps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", true);
        m.put("feature_id", id);
        m.put("dependencies", deps);
        return m;
    }

    /** The original's bulk rules, in its order: presence, > 20, duplicates, invalid or forward index. */
    private Object createBulk(Map<String, Object> a) {
        if (!(a.get("features") instanceof List<?> items)) {
            throw new InvalidArguments("features: a list of objects is required");
        }
        List<NewFeature> batch = new ArrayList<>();
        int withDeps = 0;
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> item) || !item.keySet().containsAll(List.of("category", "name", "description", "steps"))) {
                return Map.of("error", "Feature at index " + i + " missing required fields (category, name, description, steps)");
            }
            List<?> indices = item.get("depends_on_indices") instanceof List<?> l ? l : List.of();
            if (indices.size() > 20) {
                return Map.of("error", "Feature at index " + i + " has " + indices.size() + " dependencies, max is 20");
            }
            if (new HashSet<>(indices).size() != indices.size()) {
                return Map.of("error", "Feature at index " + i + " has duplicate dependencies");
            }
            List<DependencyRef> refs = new ArrayList<>();
            for (Object k : indices) {
                if (!(k instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0) {
                    return Map.of("error", "Feature at index " + i + " has invalid dependency index: " + k);
                }
                long idx = n.longValue();
                if (idx >= i) {
                    return Map.of("error", "Feature at index " + i + " cannot depend on feature at index " + idx + " (forward reference not allowed)");
                }
                refs.add(DependencyRef.index((int) idx));
            }
            withDeps += refs.isEmpty() ? 0 : 1;
            Object steps = item.get("steps");
            batch.add(new NewFeature(String.valueOf(item.get("category")), String.valueOf(item.get("name")), String.valueOf(item.get("description")),
                    steps instanceof List<?> s ? s.stream().map(String::valueOf).toList() : List.of(), null, refs));
        }
        List<Feature> created = store.createBulk(batch);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created", created.size());
        m.put("with_dependencies", withDeps);
        return m;
    }

    Set<String> names() {
        return tools.keySet();
    }

    Actor actor() {
        return actor;
    }
}
