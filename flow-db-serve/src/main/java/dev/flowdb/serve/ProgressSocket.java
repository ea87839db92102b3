package dev.flowdb.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowdb.FeatureStats;
import dev.flowdb.FeatureStore;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketClose;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketOpen;
import org.eclipse.jetty.websocket.api.annotations.WebSocket;

/**
 * The original's progress websocket {@code /ws/projects/{name}} (REFERENCE-REST §5): it accepts,
 * then checks the project (an error message and close 4000 or 4004); sends agent_status,
 * dev_server_status and progress; then progress again only when one of the counts changed, looked
 * at every {@code poll}; answers ping with pong and ignores text that is not JSON. flow-db runs no
 * agent and no dev server, so both statuses are {@code stopped}. Progress is sent once at connect
 * (the original sent it twice).
 */
@WebSocket
public final class ProgressSocket {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Projects projects;
    private final String name;
    private final ScheduledExecutorService timer;
    private final long pollMillis;
    private volatile Session session;
    private volatile ScheduledFuture<?> poll;
    private long[] last;

    ProgressSocket(Projects projects, String name, ScheduledExecutorService timer, long pollMillis) {
        this.projects = projects;
        this.name = name;
        this.timer = timer;
        this.pollMillis = pollMillis;
    }

    /**
     * Checks the project and sends the opening messages.
     *
     * @param opened the accepted session
     */
    @OnWebSocketOpen
    public void onOpen(Session opened) {
        this.session = opened;
        Projects.Project project;
        try {
            project = projects.find(name);
        } catch (Projects.Unresolved unresolved) {
            String text = switch (unresolved.refusal()) {
                case INVALID_NAME -> "Invalid project name";
                case NOT_REGISTERED -> "Project not found in registry";
                case NO_DIRECTORY -> "Project directory not found";
            };
            send(message("error", "content", text));
            opened.close(unresolved.refusal() == Projects.Refusal.INVALID_NAME ? 4000 : 4004, text, Callback.NOOP);
            return;
        }
        ObjectNode agent = NODES.objectNode();
        agent.put("type", "agent_status");
        agent.put("status", "stopped");
        send(agent);
        ObjectNode devServer = NODES.objectNode();
        devServer.put("type", "dev_server_status");
        devServer.put("status", "stopped");
        devServer.putNull("url");
        send(devServer);
        sendProgressIfChanged(project);
        poll = timer.scheduleWithFixedDelay(() -> sendProgressIfChanged(project), pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Answers a ping; anything else, JSON or not, is ignored.
     *
     * @param text the client's message
     */
    @OnWebSocketMessage
    public void onText(String text) {
        JsonNode message;
        try {
            message = RequestCheck.JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            return;
        }
        if (message != null && "ping".equals(message.path("type").asText())) {
            send(message("pong", null, null));
        }
    }

    /**
     * Stops looking at the counts for this client.
     *
     * @param status the close code
     * @param reason the close reason
     */
    @OnWebSocketClose
    public void onClose(int status, String reason) {
        ScheduledFuture<?> running = poll;
        if (running != null) {
            running.cancel(false);
        }
    }

    private synchronized void sendProgressIfChanged(Projects.Project project) {
        long[] counts;
        try {
            if (projects.exists(project)) {
                FeatureStore features = projects.open(project).features();
                FeatureStats stats = features.stats();
                counts = new long[] {stats.passing(), stats.inProgress(), stats.total(), stats.needsHumanInput()};
            } else {
                counts = new long[4];
            }
        } catch (RuntimeException unreadable) {
            // as the original: a failed read counts as zeros
            counts = new long[4];
        }
        if (Arrays.equals(counts, last)) {
            return;
        }
        last = counts;
        ObjectNode progress = NODES.objectNode();
        progress.put("type", "progress");
        progress.put("passing", counts[0]);
        progress.put("in_progress", counts[1]);
        progress.put("total", counts[2]);
        if (counts[2] == 0) {
            progress.put("percentage", 0);
        } else {
            progress.put("percentage", FeatureJson.percentage(counts[0], counts[2]));
        }
        progress.put("needs_human_input", counts[3]);
        send(progress);
    }

    private static ObjectNode message(String type, String key, String value) {
        ObjectNode node = NODES.objectNode();
        node.put("type", type);
        if (key != null) {
            node.put(key, value);
        }
        return node;
    }

    private void send(ObjectNode message) {
        Session open = session;
        if (open != null && open.isOpen()) {
            open.sendText(message.toString(), Callback.NOOP);
        }
    }
}
