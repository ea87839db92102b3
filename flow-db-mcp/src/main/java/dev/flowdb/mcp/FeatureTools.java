package dev.flowdb.mcp;

import dev.flowdb.internal.wire.OriginalJson;
import dev.flowdb.Actor;
import dev.flowdb.BlockedPage;
import dev.flowdb.ClaimResult;
import dev.flowdb.CorruptDatabaseException;
import dev.flowdb.Database;
import dev.flowdb.DatabaseAccessException;
import dev.flowdb.DatabaseBusyException;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.FeatureNotFoundException;
import dev.flowdb.FeatureStats;
import dev.flowdb.FeatureStore;
import dev.flowdb.InvalidDependencyException;
import dev.flowdb.FlowDbException;
import dev.flowdb.HumanInputRequest;
import dev.flowdb.NewFeature;
import dev.flowdb.ReadyPage;
import dev.flowdb.RenewResult;
import dev.flowdb.internal.store.BulkRules;
import dev.flowdb.internal.wire.PyJson;
import dev.flowdb.schema.TimestampConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The feature tools of the original MCP server (same names, arguments, bounds, defaults and JSON
 * answers, REFERENCE §6–§7, §7.20), plus flow-db's own: {@code feature_claim_next},
 * {@code feature_get_events}, {@code feature_release_stale}, {@code feature_renew_claim} and
 * {@code feature_release_agent}. Each answer is the JSON text Python's {@code json.dumps} would
 * write ({@code ask_user} answers plain text, as the original's does); refusals are
 * {@code {"error": "…"}} answers, and a database failure is prefixed as the original's tool
 * prefixes it (§7.20c); arguments outside a tool's schema throw {@link InvalidArguments}, which
 * the server turns into an MCP tool error. Each tool's description says what it does, when to
 * use it and when not, and what it answers; each argument's says its meaning, bounds and default.
 */
final class FeatureTools {

    /** Arguments that do not fit a tool's schema (type, bounds, required). */
    static final class InvalidArguments extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidArguments(String message) {
            super(message);
        }
    }

    /** An answer sent as it is, not as JSON. */
    record PlainText(String text) {
    }

    /**
     * One tool.
     *
     * @param name its name
     * @param description the paragraph an agent reads
     * @param args its arguments, in schema order
     * @param errorPrefix what the original puts before a database failure's text, or {@code null}
     * @param handler what it does
     */
    record Tool(String name, String description, List<ToolArg> args, String errorPrefix, Function<Map<String, Object>, Object> handler) {

        /** @return the JSON schema of its arguments */
        String inputSchema() {
            Map<String, Object> properties = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            for (ToolArg a : args) {
                properties.put(a.name(), a.schema());
                if (a.required()) {
                    required.add(a.name());
                }
            }
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            schema.put("properties", properties);
            if (!required.isEmpty()) {
                schema.put("required", required);
            }
            return PyJson.dumps(schema);
        }
    }

    /** What {@code ask_user} answers; the client shows the questions and sends the reply as the next message. */
    static final String ASK_USER_ANSWER = "Questions presented to the user. Their response will arrive as your next message.";

    private volatile Database db;
    private volatile FeatureStore store;
    private final java.util.concurrent.CountDownLatch bound = new java.util.concurrent.CountDownLatch(1);
    private final Actor actor;
    private final Map<String, Tool> tools = new LinkedHashMap<>();

    FeatureTools(Database db, Actor actor) {
        this(actor);
        bind(db);
    }

    /** Tools whose database comes later ({@link #bind(Database)}): the server answers {@code initialize} while it opens. */
    FeatureTools(Actor actor) {
        this.actor = actor;
        define();
    }

    /** Gives the tools their database; calls that came before wait for it. */
    void bind(Database database) {
        this.db = database;
        this.store = database.features(actor);
        bound.countDown();
    }

    Map<String, Tool> tools() {
        return tools;
    }

    /** Runs a tool; returns the text of its answer. */
    String call(String name, Map<String, Object> args) {
        Tool tool = tools.get(name);
        if (tool == null) {
            throw new InvalidArguments("Unknown tool: " + name);
        }
        try {
            bound.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the database opened", e);
        }
        try {
            Object answer = tool.handler().apply(args == null ? Map.of() : args);
            return answer instanceof PlainText text ? text.text() : PyJson.dumps(answer);
        } catch (InvalidArguments invalid) {
            throw invalid;
        } catch (DatabaseBusyException | DatabaseAccessException | CorruptDatabaseException failed) {
            return PyJson.dumps(Map.of("error", tool.errorPrefix() == null ? failed.getMessage() : tool.errorPrefix() + ": " + failed.getMessage()));
        } catch (FlowDbException refused) {
            return PyJson.dumps(Map.of("error", refused.getMessage()));
        }
    }

    // ------------------------------------------------------------------ arguments, each defined once

    private static final ToolArg FEATURE_ID = ToolArg.id("feature_id", "The id of the feature (an integer, at least 1), as the other tools show it.");
    private static final ToolArg DEPENDENCY_ID = ToolArg.id("dependency_id", "The id of the feature that must pass first (an integer, at least 1).");
    private static final ToolArg READY_LIMIT = ToolArg.limit(10, 50, "How many features to return at most: 1 to 50, default 10.");
    private static final ToolArg BLOCKED_LIMIT = ToolArg.limit(20, 100, "How many features to return at most: 1 to 100, default 20.");
    private static final ToolArg CATEGORY = ToolArg.text("category", 1, 100L, "A short group name such as 'auth' or 'ui' (1 to 100 characters).");
    private static final ToolArg NAME = ToolArg.text("name", 1, 255L, "A short title of what the feature does (1 to 255 characters).");
    private static final ToolArg DESCRIPTION = ToolArg.text("description", 1, null, "What to build and why, in enough detail for another agent to do it (at least 1 character).");
    private static final ToolArg STEPS = ToolArg.list("steps", ToolArg.Kind.STRING_LIST, 1L,
            "How to check that the feature works, as ordered test steps (a list of strings, at least one).");
    private static final ToolArg BULK_FEATURES = ToolArg.list("features", ToolArg.Kind.OBJECT_LIST, null,
            "The features to add, in order. Each is an object with category, name, description and steps (as for feature_create), "
                    + "and optionally depends_on_indices: the 0-based positions of earlier items of this same list it depends on (at most 20).");
    private static final ToolArg SKIP_DUPLICATES = ToolArg.flag("skip_duplicates", false,
            "flow-db addition, default false. When true, an item whose category and name match an existing feature (or an earlier item) "
                    + "is not added again; the answer then also lists skipped_duplicates (their indices).");
    private static final ToolArg DEPENDENCY_IDS = ToolArg.list("dependency_ids", ToolArg.Kind.INTEGER_LIST, null,
            "The complete new list of feature ids this feature depends on (at most 20, no duplicates, not itself); an empty list removes them all.");
    private static final ToolArg PROMPT = ToolArg.text("prompt", 1, null, "The question for the person, in plain words: what you need to know and why (at least 1 character).");
    private static final ToolArg FIELDS = ToolArg.list("fields", ToolArg.Kind.OBJECT_LIST, 1L,
            "The form the person fills in, at least one field. Each field is an object with id (the answer's key) and label (what the person "
                    + "reads), and optionally type ('text' by default, 'textarea', 'select' or 'boolean'), required (true unless false), "
                    + "placeholder, and for a select options: a list of {value, label} objects. Fields are stored exactly as given.");
    private static final ToolArg QUESTIONS = ToolArg.list("questions", ToolArg.Kind.OBJECT_LIST, null,
            "The questions, each an object with question (the full text), header (a short title), options (2 to 4 objects with label "
                    + "and description) and optionally multiSelect (true to allow several choices).");
    private static final ToolArg OLDER_THAN_MINUTES = ToolArg.id("older_than_minutes",
            "Release claims whose lease started more than this many minutes ago (an integer, at least 1).");
    private static final ToolArg AGENT = ToolArg.text("agent", 1, null, "The agent whose claims to release, as feature details show it in claimed_by.");

    private void tool(String name, String description, List<ToolArg> args, String errorPrefix, Function<Map<String, Object>, Object> handler) {
        tools.put(name, new Tool(name, description, args, errorPrefix, handler));
    }

    private void define() {
        tool("feature_get_stats", """
                Counts the backlog: how many features pass, are in progress, wait for a person, and the total, with the percentage \
                done. Cheap; use it to report progress or to decide whether any work is left. Answers {passing, in_progress, \
                needs_human_input, total, percentage}.""", List.of(), null, a -> OriginalJson.stats(store.stats()));
        tool("feature_get_by_id", """
                Returns one feature in full: category, name, description, test steps, status flags, dependencies and any \
                human-input request and answer. Use it to read the details of a feature you are about to work on or verify. \
                For a quick look use feature_get_summary. Answers the feature, or {error} when no feature has that id.""",
                List.of(FEATURE_ID), null, a -> {
                    long id = FEATURE_ID.integer(a);
                    return store.getById(id).<Object>map(OriginalJson::feature).orElseGet(() -> notFound(id));
                });
        tool("feature_get_summary", """
                Returns the short form of one feature: id, name, the three status flags and its dependencies. Use it to check a \
                feature's state without reading its description and steps. Answers {id, name, passes, in_progress, \
                needs_human_input, dependencies}, or {error} when no feature has that id.""", List.of(FEATURE_ID), null, a -> {
            long id = FEATURE_ID.integer(a);
            return store.getById(id).<Object>map(OriginalJson::summary).orElseGet(() -> notFound(id));
        });
        tool("feature_create", """
                Adds one feature at the end of the queue (lowest priority), not passing and not in progress. Use it when you find \
                work that is missing from the backlog; to add many features at once, or features that depend on each other, use \
                feature_create_bulk. Answers {success, message, feature}.""", List.of(CATEGORY, NAME, DESCRIPTION, STEPS), null, a -> {
            Feature f = store.create(new NewFeature(CATEGORY.text(a), NAME.text(a), DESCRIPTION.text(a), strings(STEPS.items(a))));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("success", true);
            m.put("message", "Created feature: " + f.name());
            m.put("feature", OriginalJson.feature(f));
            return m;
        });
        tool("feature_create_bulk", """
                Adds many features in one transaction, in list order, at the end of the queue: all of them or, when any item is \
                invalid, none. Dependencies between new features are given by position (depends_on_indices, earlier items only). \
                Use it to write a backlog from a specification. Answers {created, with_dependencies} (plus skipped_duplicates \
                when skip_duplicates is true), or {error} naming the first invalid item.""", List.of(BULK_FEATURES, SKIP_DUPLICATES), null,
                this::createBulk);
        tool("feature_claim_and_get", """
                Claims a feature for you and returns it: it becomes in progress, so no other agent is offered it. Use it before \
                you start implementing a feature; claiming one that is already in progress succeeds and says so \
                (already_claimed). Refused for a feature that passes or waits for a person. Answers the feature with \
                already_claimed, or {error}.""", List.of(FEATURE_ID), "Failed to claim feature", a -> {
            ClaimResult r = store.claim(FEATURE_ID.integer(a));
            if (r instanceof ClaimResult.Refused refused) {
                return Map.of("error", refused.message());
            }
            Map<String, Object> m = OriginalJson.feature(r.feature().orElseThrow());
            m.put("already_claimed", r instanceof ClaimResult.AlreadyClaimed);
            return m;
        });
        tool("feature_mark_in_progress", """
                Sets a feature in progress without the claim's already-claimed answer: refused when it is already in progress, \
                passes, or waits for a person. Prefer feature_claim_and_get, which is atomic and tolerant of an orchestrator \
                that marked the feature first. Answers the feature, or {error}.""", List.of(FEATURE_ID), "Failed to mark feature in-progress",
                a -> OriginalJson.feature(store.markInProgress(FEATURE_ID.integer(a))));
        tool("feature_clear_in_progress", """
                Gives a feature back to the queue: it is no longer in progress, and any agent may claim it. Use it when you stop \
                working on a feature without finishing it (for a feature that cannot go on without a person, use \
                feature_request_human_input instead). Answers the feature.""", List.of(FEATURE_ID), "Failed to clear in-progress status",
                a -> OriginalJson.feature(store.clearInProgress(FEATURE_ID.integer(a))));
        tool("feature_mark_passing", """
                Records that a feature is done and verified: it passes and leaves progress, which may make features that depend \
                on it ready. Use it only after every test step of the feature succeeded. Refused when it already passes. \
                Answers {success, feature_id, name}, or {error}.""", List.of(FEATURE_ID), "Failed to mark feature passing", a -> {
            Feature f = store.markPassing(FEATURE_ID.integer(a));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("success", true);
            m.put("feature_id", f.id());
            m.put("name", f.name());
            return m;
        });
        tool("feature_mark_failing", """
                Records a regression: a feature that passed no longer does. It stops passing and leaves progress, so it is \
                offered again. Use it when a test shows that finished work broke; not for a feature you have not finished (use \
                feature_clear_in_progress). Answers {message, feature}.""", List.of(FEATURE_ID), "Failed to mark feature failing", a -> {
            Feature f = store.markFailing(FEATURE_ID.integer(a));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message", "Feature #" + f.id() + " marked as failing - regression detected");
            m.put("feature", OriginalJson.feature(f));
            return m;
        });
        tool("feature_skip", """
                Moves a feature to the end of the queue and out of progress, so other work comes first. Use it when a feature \
                cannot be done yet for a reason the dependencies do not capture. Refused for a feature that passes. Answers \
                {id, name, old_priority, new_priority, message}, or {error}.""", List.of(FEATURE_ID), "Failed to skip feature",
                a -> OriginalJson.skip(store.skip(FEATURE_ID.integer(a))));
        tool("feature_add_dependency", """
                Makes a feature wait for another: it is not ready until the dependency passes. Refused for a feature depending \
                on itself, a missing feature, a dependency already present, more than 20 dependencies, or a cycle. Answers \
                {success, feature_id, dependencies}, or {error}.""", List.of(FEATURE_ID, DEPENDENCY_ID), "Failed to add dependency", a -> {
            long id = FEATURE_ID.integer(a);
            return dependencies(id, store.addDependency(id, DEPENDENCY_ID.integer(a)));
        });
        tool("feature_remove_dependency", """
                Removes one dependency from a feature, which may make it ready. Refused when the feature does not exist or does \
                not have that dependency. Answers {success, feature_id, dependencies}, or {error}.""",
                List.of(FEATURE_ID, DEPENDENCY_ID), "Failed to remove dependency", a -> {
                    long id = FEATURE_ID.integer(a);
                    return dependencies(id, store.removeDependency(id, DEPENDENCY_ID.integer(a)));
                });
        tool("feature_set_dependencies", """
                Replaces all dependencies of a feature with the given list, checked as a whole: every id must exist, no \
                duplicates, at most 20, no cycle. Use it to rewire a feature in one call; for one change use \
                feature_add_dependency or feature_remove_dependency. Answers {success, feature_id, dependencies}, or {error}.""",
                List.of(FEATURE_ID, DEPENDENCY_IDS), "Failed to set dependencies", a -> {
                    long id = FEATURE_ID.integer(a);
                    return dependencies(id, store.setDependencies(id, DEPENDENCY_IDS.items(a).stream().map(x -> ((Number) x).longValue()).toList()));
                });
        tool("feature_get_ready", """
                Lists the features that can be started now (not passing, not in progress, not waiting for a person, every \
                dependency passing), best first: those that unblock the most work, then by priority. Use it to choose what to \
                work on; to take the best one atomically, use feature_claim_next. Answers {features, count, total_ready}.""",
                List.of(READY_LIMIT), null, a -> {
                    ReadyPage page = store.ready((int) READY_LIMIT.integer(a));
                    return OriginalJson.page(page.features().stream().map(OriginalJson::feature).toList(), "total_ready", page.totalReady());
                });
        tool("feature_get_blocked", """
                Lists the features that cannot start because a dependency does not pass yet, each with blocked_by (the ids in \
                the way). Use it to see what is stuck and what to finish first. Answers {features, count, total_blocked}.""",
                List.of(BLOCKED_LIMIT), null, a -> {
                    BlockedPage page = store.blocked((int) BLOCKED_LIMIT.integer(a));
                    return OriginalJson.page(page.features().stream().map(OriginalJson::blocked).toList(), "total_blocked", page.totalBlocked());
                });
        tool("feature_get_graph", """
                Returns the whole dependency graph: every feature as a node with its status (done, needs_human_input, blocked, \
                in_progress or pending), priority and dependencies, and an edge from each dependency to its dependent. Use it \
                to plan or to explain the order of work; it is large for big backlogs. Answers {nodes, edges}.""",
                List.of(), null, a -> OriginalJson.graph(store.graph(), false));
        tool("feature_request_human_input", """
                Stops work on a feature you are implementing until a person answers a question: the feature leaves progress and \
                waits, and nobody is offered it until the answer comes (from the board or the CLI). Use it only when the feature \
                cannot go on without a person: a secret, an account, a choice only the user can make; not for questions you can \
                settle yourself. The feature must be in progress. Answers {success, feature_id, name, message}, or {error} \
                naming the first invalid field.""", List.of(FEATURE_ID, PROMPT, FIELDS), "Failed to request human input", a -> {
            long id = FEATURE_ID.integer(a);
            String prompt = PROMPT.text(a);
            Feature f = store.requestHumanInput(id, HumanInputRequest.of(prompt, FIELDS.items(a)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("success", true);
            m.put("feature_id", f.id());
            m.put("name", f.name());
            m.put("message", "Feature '" + f.name() + "' is now blocked waiting for human input");
            return m;
        });
        tool("ask_user", """
                Puts multiple-choice questions to the user of a chat session, to settle choices before you act. The client shows \
                them; the user's reply arrives as your next message, so end your turn after calling it. Nothing in the backlog \
                changes. Answers plain text saying the questions were presented, or {error} naming the first invalid question.""",
                List.of(QUESTIONS), null, this::askUser);
        tool("feature_claim_next", """
                flow-db addition: picks the best ready feature (the first of feature_get_ready) and claims it in one atomic \
                step, so two agents calling it at once never get the same feature. Use it instead of feature_get_ready followed \
                by feature_claim_and_get. Answers the claimed feature with already_claimed false, or {error, all_passing} when \
                nothing is ready.""", List.of(), null, a -> {
            Optional<Feature> next = store.claimNextReady();
            if (next.isEmpty()) {
                FeatureStats s = store.stats();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("error", s.isComplete() ? "All features are passing" : "No features are ready to claim");
                m.put("all_passing", s.isComplete());
                return m;
            }
            Map<String, Object> m = OriginalJson.feature(next.get());
            m.put("already_claimed", false);
            return m;
        });
        tool("feature_renew_claim", """
                flow-db addition: renews the lease of a claim you hold, so it is not released as stale while you are still \
                working. The MCP server already renews its own agent's claims on a timer; call it yourself only when asked to, or \
                to check that a feature is still yours. Answers {success, feature_id, name, claimed_by, lease_renewed_at}, or \
                {error} when the feature is not in progress or is claimed by another agent: stop working on it then.""",
                List.of(FEATURE_ID), null, a -> {
                    RenewResult r = store.renewClaim(FEATURE_ID.integer(a));
                    if (r instanceof RenewResult.NotHeld notHeld) {
                        return Map.of("error", notHeld.message());
                    }
                    Feature f = r.feature().orElseThrow();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("success", true);
                    m.put("feature_id", f.id());
                    m.put("name", f.name());
                    m.put("claimed_by", f.claimedBy());
                    m.put("lease_renewed_at", TimestampConverter.format(f.claimRenewedAt()));
                    return m;
                });
        tool("feature_get_events", """
                flow-db addition: the history of one feature from the audit log, oldest first: every change with its old and \
                new value, the agent and the entry point (mcp, cli, http, …) that made it, and when. Use it to learn what \
                happened to a feature before you touch it. Answers {feature_id, events}.""", List.of(FEATURE_ID), null, a -> {
            long id = FEATURE_ID.integer(a);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature_id", id);
            m.put("events", db.events().forFeature(id).stream().map(OriginalJson::event).toList());
            return m;
        });
        tool("feature_release_stale", """
                flow-db addition, for orchestrators: gives back to the queue every claim whose lease started longer ago than the \
                given minutes (from its last renewal, else the claim), left by agents that crashed. A live MCP agent renews its \
                claims and keeps them. Answers {released, count} with the released ids.""", List.of(OLDER_THAN_MINUTES), null, a ->
                released(store.releaseStaleClaims(Duration.ofMinutes(OLDER_THAN_MINUTES.integer(a)))));
        tool("feature_release_agent", """
                flow-db addition, for orchestrators: gives back to the queue every claim one agent holds, when you know that \
                agent stopped (its process ended). Other agents' claims are untouched. Answers {released, count} with the \
                released ids.""", List.of(AGENT), null, a -> released(store.releaseClaimsOf(AGENT.text(a))));
    }

    private static List<String> strings(List<?> items) {
        return items.stream().map(String.class::cast).toList();
    }

    private static Map<String, Object> released(List<Feature> features) {
        List<Long> ids = features.stream().map(Feature::id).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("released", ids);
        m.put("count", ids.size());
        return m;
    }

    /** The original's checks, in order per question; nothing is stored but the audit event. */
    private Object askUser(Map<String, Object> a) {
        List<?> questions = QUESTIONS.items(a);
        for (int i = 0; i < questions.size(); i++) {
            Map<?, ?> q = (Map<?, ?>) questions.get(i);
            if (!q.containsKey("question") || !q.containsKey("header") || !q.containsKey("options")) {
                return Map.of("error", "Question at index " + i + " missing required fields");
            }
            if (!(q.get("options") instanceof List<?> options) || options.size() < 2 || options.size() > 4) {
                return Map.of("error", "Question at index " + i + " must have 2-4 options");
            }
        }
        db.events(actor).logForBacklog("ask_user", PyJson.dumps(Map.of("questions", questions)));
        return new PlainText(ASK_USER_ANSWER);
    }

    private static Map<String, Object> notFound(long id) {
        return Map.of("error", FeatureNotFoundException.of(id).getMessage());
    }

    private static Map<String, Object> dependencies(long id, List<Long> deps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("success", true);
        m.put("feature_id", id);
        m.put("dependencies", deps);
        return m;
    }

    /**
     * The original's bulk rules, in its order: presence, more than 20, duplicates, invalid or
     * forward index; with {@code skip_duplicates}, items matching an existing feature or an
     * earlier item by category and name are left out and listed.
     */
    private Object createBulk(Map<String, Object> a) {
        List<?> items = BULK_FEATURES.items(a);
        boolean skipDuplicates = SKIP_DUPLICATES.bool(a);
        List<NewFeature> batch = new ArrayList<>();
        int withDeps = 0;
        for (int i = 0; i < items.size(); i++) {
            Map<?, ?> item = (Map<?, ?>) items.get(i);
            if (!item.keySet().containsAll(List.of("category", "name", "description", "steps"))) {
                return Map.of("error", "Feature at index " + i + " missing required fields (category, name, description, steps)");
            }
            List<DependencyRef> refs;
            try {
                refs = BulkRules.indexRefs(i, item.get("depends_on_indices") instanceof List<?> l ? l : List.of(), items.size(), false);
            } catch (InvalidDependencyException refused) {
                return Map.of("error", refused.getMessage());
            }
            withDeps += refs.isEmpty() ? 0 : 1;
            Object steps = item.get("steps");
            batch.add(new NewFeature(String.valueOf(item.get("category")), String.valueOf(item.get("name")), String.valueOf(item.get("description")),
                    steps instanceof List<?> s ? s.stream().map(String::valueOf).toList() : List.of(), null, refs));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (skipDuplicates) {
            FeatureStore.BulkResult result = store.createBulkSkippingDuplicates(batch);
            m.put("created", result.created().size());
            m.put("with_dependencies", withDeps);
            m.put("skipped_duplicates", result.skipped());
        } else {
            m.put("created", store.createBulk(batch).size());
            m.put("with_dependencies", withDeps);
        }
        return m;
    }

    Set<String> names() {
        return tools.keySet();
    }

    Actor actor() {
        return actor;
    }
}
