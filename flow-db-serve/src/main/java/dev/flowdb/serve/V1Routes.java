package dev.flowdb.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowdb.BlockedFeature;
import dev.flowdb.BlockedPage;
import dev.flowdb.ClaimResult;
import dev.flowdb.Database;
import dev.flowdb.EventCursor;
import dev.flowdb.EventPage;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStats;
import dev.flowdb.FeatureStore;
import dev.flowdb.FeedEvent;
import dev.flowdb.ReadyPage;
import dev.flowdb.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Blocker;

/**
 * flow-db's own API beside the original's, under {@code /api/v1} (described in
 * {@code /api/v1/openapi.json}): the backlog with claim holders, ready and blocked pages,
 * claim-next, state changes, a feature's history, the change log after a cursor, and a
 * server-sent event stream of change events that resumes from {@code Last-Event-ID}.
 */
final class V1Routes {

    /** How many events one stream asks the change feed for at a time: its back-pressure window. */
    private static final int STREAM_WINDOW = 256;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Database db;
    private final String project;
    private final String backend;
    private final boolean tokenRequired;
    private final Duration feedPoll;
    private volatile boolean stopping;

    V1Routes(Database db, String project, String backend, boolean tokenRequired, Duration feedPoll) {
        this.db = db;
        this.project = project;
        this.backend = backend;
        this.tokenRequired = tokenRequired;
        this.feedPoll = feedPoll;
    }

    void addTo(Routes routes) {
        String failure = "Database error occurred";
        routes.add("GET", "/api/v1/info", failure, this::info)
                .add("GET", "/api/v1/openapi.json", failure, this::openApi)
                .add("GET", "/api/v1/features", failure, this::features)
                .add("GET", "/api/v1/ready", failure, this::ready)
                .add("GET", "/api/v1/blocked", failure, this::blocked)
                .add("POST", "/api/v1/claim-next", "Failed to claim a feature", this::claimNext)
                .add("POST", "/api/v1/features/{feature_id}/claim", "Failed to claim feature", x -> change(x, "claim"))
                .add("POST", "/api/v1/features/{feature_id}/release", "Failed to release feature", x -> change(x, "release"))
                .add("POST", "/api/v1/features/{feature_id}/pass", "Failed to mark feature passing", x -> change(x, "pass"))
                .add("POST", "/api/v1/features/{feature_id}/fail", "Failed to mark feature failing", x -> change(x, "fail"))
                .add("GET", "/api/v1/features/{feature_id}/events", failure, this::history)
                .add("GET", "/api/v1/events", failure, this::events)
                .add("GET", "/api/v1/stream", failure, this::stream);
    }

    /** Ends open streams (they finish their current write and return). */
    void stop() {
        stopping = true;
    }

    private void info(Exchange x) {
        ObjectNode info = NODES.objectNode();
        info.put("project", project);
        info.put("backend", backend);
        info.put("token_required", tokenRequired);
        info.put("tail", db.events().tail().toString());
        x.json(200, info);
    }

    private void openApi(Exchange x) throws IOException {
        try (InputStream in = V1Routes.class.getResourceAsStream("openapi.json")) {
            x.send(200, "application/json", in.readAllBytes());
        }
    }

    private void features(Exchange x) {
        List<Feature> all = db.features(x.actor()).getAll();
        Set<Long> passing = FeatureJson.passingIds(all);
        FeatureStats stats = db.features(x.actor()).stats();
        ObjectNode answer = NODES.objectNode();
        answer.set("stats", stats(stats));
        ArrayNode list = answer.putArray("features");
        for (Feature f : all) {
            ObjectNode node = FeatureJson.full(f, passing);
            node.put("status", FeatureRoutes.graphStatus(f, passing));
            list.add(node);
        }
        x.json(200, answer);
    }

    static ObjectNode stats(FeatureStats stats) {
        ObjectNode node = NODES.objectNode();
        node.put("passing", stats.passing());
        node.put("in_progress", stats.inProgress());
        node.put("needs_human_input", stats.needsHumanInput());
        node.put("total", stats.total());
        node.put("percentage", stats.percentage());
        return node;
    }

    private void ready(Exchange x) {
        ReadyPage page = db.features(x.actor()).ready(limit(x));
        ObjectNode answer = NODES.objectNode();
        answer.put("total", page.totalReady());
        ArrayNode list = answer.putArray("features");
        page.features().forEach(f -> list.add(FeatureJson.full(f, null)));
        x.json(200, answer);
    }

    private void blocked(Exchange x) {
        BlockedPage page = db.features(x.actor()).blocked(limit(x));
        ObjectNode answer = NODES.objectNode();
        answer.put("total", page.totalBlocked());
        ArrayNode list = answer.putArray("features");
        for (BlockedFeature b : page.features()) {
            ObjectNode node = FeatureJson.full(b.feature(), null);
            FeatureJson.ids(node.putArray("blocked_by"), b.blockedBy());
            list.add(node);
        }
        x.json(200, answer);
    }

    private static int limit(Exchange x) {
        String raw = x.query("limit");
        if (raw == null) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= 1000) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw HttpProblem.badRequest("limit must be an integer from 1 to 1000, got '" + raw + "'");
    }

    private void claimNext(Exchange x) {
        Optional<Feature> claimed = FeatureRoutes.translated(() -> db.features(x.actor()).claimNextReady());
        ObjectNode answer = NODES.objectNode();
        answer.set("claimed", claimed.<com.fasterxml.jackson.databind.JsonNode>map(f -> FeatureJson.full(f, null)).orElse(NODES.nullNode()));
        x.json(200, answer);
    }

    private void change(Exchange x, String verb) {
        long id = featureId(x);
        FeatureStore features = db.features(x.actor());
        Feature after = FeatureRoutes.translated(() -> switch (verb) {
            case "claim" -> claimed(features.claim(id));
            case "release" -> features.clearInProgress(id);
            case "pass" -> features.markPassing(id);
            default -> features.markFailing(id);
        });
        x.json(200, FeatureJson.full(after, FeatureJson.passingIds(features.getAll())));
    }

    private static Feature claimed(ClaimResult result) {
        if (result instanceof ClaimResult.Refused refused) {
            throw HttpProblem.of(409, refused.message());
        }
        return result.feature().orElseThrow();
    }

    private void history(Exchange x) {
        long id = featureId(x);
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("events");
        db.events().forFeature(id).forEach(e -> list.add(FeatureJson.event(e)));
        x.json(200, answer);
    }

    private static long featureId(Exchange x) {
        RequestCheck check = new RequestCheck();
        long id = check.pathInt("feature_id", x.param("feature_id"));
        check.done();
        if (id < 1) {
            throw HttpProblem.notFound("Feature " + id + " not found");
        }
        return id;
    }

    private void events(Exchange x) {
        EventCursor after = cursor(x.query("after"), EventCursor.START);
        EventPage page = db.events().after(after, limit(x));
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("events");
        page.events().forEach(e -> list.add(FeatureJson.event(e)));
        answer.put("next", page.next().toString());
        x.json(200, answer);
    }

    private static EventCursor cursor(String text, EventCursor fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return EventCursor.parse(text.strip());
        } catch (ValidationException e) {
            throw HttpProblem.badRequest("not an event cursor: '" + text + "' (" + e.getMessage() + ")");
        }
    }

    /**
     * The change stream: {@code text/event-stream}, one {@code change} event per committed change
     * event, its {@code id:} the resume cursor. It starts after {@code Last-Event-ID} (what a
     * reconnecting EventSource sends), else after {@code ?after=}, else at the log's tail. The
     * handler thread writes; the feed's own thread only queues, within a window of requested
     * events, so a slow client slows its own subscription and nothing else.
     */
    private void stream(Exchange x) throws Exception {
        String resume = x.header("Last-Event-ID");
        EventCursor from = cursor(resume != null ? resume : x.query("after"), null);
        if (from == null) {
            from = db.events().tail();
        }
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        Object completed = new Object();
        db.events().subscribe(from, feedPoll).subscribe(new Flow.Subscriber<FeedEvent>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription.set(s);
                s.request(STREAM_WINDOW);
            }

            @Override
            public void onNext(FeedEvent item) {
                queue.add(item);
            }

            @Override
            public void onError(Throwable failure) {
                queue.add(completed);
            }

            @Override
            public void onComplete() {
                queue.add(completed);
            }
        });
        x.response().setStatus(200);
        x.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        x.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        x.response().getHeaders().put("X-Accel-Buffering", "no");
        try {
            write(x, ": flow-db change stream from " + from + "\nretry: 1000\n\n");
            int delivered = 0;
            long idle = 0;
            while (!stopping) {
                // short waits, so a stopping server ends the stream within a quarter second
                Object next = queue.poll(250, TimeUnit.MILLISECONDS);
                if (next == null) {
                    idle += 250;
                    if (idle >= HEARTBEAT.toMillis()) {
                        write(x, ": keep-alive\n\n");
                        idle = 0;
                    }
                    continue;
                }
                idle = 0;
                if (next == completed) {
                    break;
                }
                FeedEvent event = (FeedEvent) next;
                String data = RequestCheck.JSON.writeValueAsString(FeatureJson.event(event.event()));
                write(x, "id: " + event.cursor() + "\nevent: change\ndata: " + data + "\n\n");
                if (++delivered % (STREAM_WINDOW / 2) == 0) {
                    subscription.get().request(STREAM_WINDOW / 2);
                }
            }
            // the end is written without waiting: a client that stopped reading must not hold a thread
            x.response().write(true, ByteBuffer.allocate(0), x.callback());
        } catch (IOException clientGone) {
            // the browser closed the page: nothing to answer
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            x.callback().succeeded();
        } finally {
            Flow.Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
        }
    }

    private static void write(Exchange x, String text) throws IOException {
        try (Blocker.Callback done = Blocker.callback()) {
            x.response().write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), done);
            done.block();
        }
    }
}
