package dev.flowdb.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP stdio transport on one thread: it reads a line, lets the SDK's session handle it — with
 * {@code immediateExecution} the tool runs right there — and writes the answer from the same
 * thread before it reads the next line. The SDK's own {@code StdioServerTransportProvider} passes
 * every message through a reading thread, a Reactor sink and a writing thread, three wake-ups that
 * cost ~0.9 ms per call after the client was idle for a few milliseconds (measured with
 * {@code ping}; BENCHMARKS.md "Start-up"); agents always call after such a gap. Hand-written for
 * that hot path only: the JSON-RPC framing (one message per line, UTF-8) is the whole wire format,
 * and the parsing, the protocol and the tools stay the SDK's.
 *
 * <p>Calls are answered in order, one at a time, as the tools are synchronous anyway. The server
 * sends nothing unasked except notifications, which are written under the same lock.
 */
final class DirectStdioTransport implements McpServerTransportProvider {

    private static final Logger LOG = LoggerFactory.getLogger(DirectStdioTransport.class);

    private static final String PARSE_ERROR = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":"
            + McpSchema.ErrorCodes.PARSE_ERROR + ",\"message\":\"Parse error\"}}";

    private final McpJsonMapper mapper;
    private final InputStream in;
    private final OutputStream out;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile McpServerSession session;
    private volatile boolean closing;

    DirectStdioTransport(McpJsonMapper mapper, InputStream in, OutputStream out) {
        this.mapper = mapper;
        this.in = in;
        this.out = out;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        session = factory.create(new SessionTransport());
        Thread reader = new Thread(this::serve, "flow-db-mcp-stdio");
        reader.setDaemon(true);
        reader.start();
    }

    /** Blocks until the client closed its end of the pipe (or the server was closed). */
    void awaitEnd() throws InterruptedException {
        ended.await();
    }

    /** Ends {@link #awaitEnd()} without waiting for the client (a shutdown signal). */
    void end() {
        ended.countDown();
    }

    private void serve() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null && !closing; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                McpSchema.JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(mapper, line);
                } catch (IOException | RuntimeException unreadable) {
                    // JSON-RPC's answer to a line that is not a message: a parse error with a null id
                    // (written as text: the SDK's response type refuses a null id)
                    LOG.warn("not a JSON-RPC message: {}", unreadable.getMessage());
                    writeLine(PARSE_ERROR);
                    continue;
                }
                try {
                    session.handle(message).block();
                } catch (RuntimeException failed) {
                    LOG.warn("handling {} failed", message, failed);
                }
            }
        } catch (IOException | UncheckedIOException gone) {
            LOG.debug("stdin closed", gone);
        } finally {
            ended.countDown();
        }
    }

    private void write(McpSchema.JSONRPCMessage message) {
        try {
            writeLine(mapper.writeValueAsString(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeLine(String json) {
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        McpServerSession current = session;
        return current == null ? Mono.empty() : current.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            closing = true;
            ended.countDown();
        });
    }

    /** The session's side: what it sends is written at once, on the calling thread. */
    private final class SessionTransport implements McpServerTransport {

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.fromRunnable(() -> write(message));
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
            return mapper.convertValue(data, type);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return DirectStdioTransport.this.closeGracefully();
        }
    }
}
