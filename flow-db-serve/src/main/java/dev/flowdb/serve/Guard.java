package dev.flowdb.serve;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Who may call the server, checked before any route runs.
 *
 * <ul>
 *   <li><b>Localhost only</b> while bound to loopback: a client that is not loopback, or a loopback
 *       proxy forwarding one ({@code X-Forwarded-For}), gets 403 {@code Localhost access only}.</li>
 *   <li><b>Token</b> when one is set: every route, the stream, the websocket and the board need
 *       {@code Authorization: Bearer <token>} or the session cookie, which the one-time
 *       {@code /?login=<code>} address printed at start sets (HttpOnly, SameSite=Strict). Else 401.</li>
 *   <li><b>Origin</b>: a browser request from another origin is refused (403) unless that origin is
 *       allowed (the original's dev origins, the server's own, {@code --allow-origin}); a CORS
 *       preflight from a foreign origin gets 400 {@code Disallowed CORS origin}. The websocket
 *       follows the original's rule (no Origin, a loopback Origin, or in remote mode the Host's
 *       own name) and refuses the handshake otherwise.</li>
 *   <li>flow-db's own writes that carry a body must say it is JSON (415 otherwise).</li>
 * </ul>
 */
final class Guard {

    static final String ACTOR_HEADER = "X-Flow-Db-Actor";
    static final String SESSION_COOKIE = "flowdb_session";
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final boolean remote;
    private final String token;
    private final String session;
    private final AtomicReference<String> loginCode = new AtomicReference<>();
    private final Set<String> allowed = new HashSet<>();

    Guard(ServeConfig config, boolean remote) {
        this.remote = remote;
        this.token = config.token();
        this.session = this.token == null ? null : FlowDbServer.randomSecret();
        if (this.token != null) {
            loginCode.set(FlowDbServer.randomSecret());
        }
        for (String host : List.of("localhost", "127.0.0.1")) {
            for (int port : List.of(5173, ServeConfig.DEFAULT_PORT)) {
                allowed.add("http://" + host + ":" + port);
            }
        }
        config.allowedOrigins().forEach(o -> allowed.add(trimSlash(o)));
    }

    String loginCode() {
        return loginCode.get();
    }

    /**
     * Answers the request itself when it may not go on (or when it is the sign-in address).
     *
     * @return whether it answered
     */
    boolean refused(Request request, Response response, Callback callback) {
        if (!remote && !fromLoopback(request)) {
            return json(response, callback, 403, "Localhost access only");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        boolean preflight = request.getMethod().equals("OPTIONS") && request.getHeaders().get("Access-Control-Request-Method") != null;
        if (origin != null && !sameOrigin(origin, request)) {
            if (!allowed.contains(trimSlash(origin))) {
                if (preflight) {
                    return text(response, callback, 400, "Disallowed CORS origin");
                }
                return json(response, callback, 403, "Cross-origin request refused: " + origin + " may not call this server");
            }
            response.getHeaders().put("Access-Control-Allow-Origin", origin);
            response.getHeaders().put("Access-Control-Allow-Credentials", "true");
            response.getHeaders().add(HttpHeader.VARY, "Origin");
        }
        if (preflight) {
            response.getHeaders().put("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
            String asked = request.getHeaders().get("Access-Control-Request-Headers");
            if (asked != null) {
                response.getHeaders().put("Access-Control-Allow-Headers", asked);
            }
            response.getHeaders().put("Access-Control-Max-Age", "600");
            return text(response, callback, 200, "OK");
        }
        if (token == null) {
            return false;
        }
        String code = loginCode.get();
        String login = Request.extractQueryParameters(request, StandardCharsets.UTF_8).getValue("login");
        if (login != null && code != null && constantTimeEquals(login, code) && loginCode.compareAndSet(code, null)) {
            response.getHeaders().add(HttpHeader.SET_COOKIE,
                    SESSION_COOKIE + "=" + session + "; Path=/; HttpOnly; SameSite=Strict");
            response.getHeaders().put(HttpHeader.LOCATION, "/");
            response.setStatus(303);
            callback.succeeded();
            return true;
        }
        if (!authorised(request)) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            return json(response, callback, 401, "Missing or wrong token: send Authorization: Bearer <token>, "
                    + "or open the sign-in address flow-db serve printed");
        }
        return false;
    }

    /**
     * The websocket handshake: the same address and token rules, then the original's Origin rule.
     *
     * @return whether the upgrade may go on (else the answer was written)
     */
    boolean allowSocket(Request request, Response response, Callback callback) {
        if (!remote && !fromLoopback(request)) {
            return !json(response, callback, 403, "Localhost access only");
        }
        if (token != null && !authorised(request)) {
            return !json(response, callback, 401, "Missing or wrong token");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = hostOf(origin);
        if (host != null && (LOOPBACK_NAMES.contains(host) || allowed.contains(trimSlash(origin))
                || (remote && host.equals(hostOf("http://" + request.getHeaders().get(HttpHeader.HOST)))))) {
            return true;
        }
        return !json(response, callback, 403, "Origin not allowed");
    }

    /** flow-db's own writes: a body, if any, must be JSON. */
    void requireJsonIfBody(Exchange x) {
        RequestCheck.Body body = x.body();
        if (body.text() != null && !body.text().isEmpty() && !body.isJson()) {
            throw HttpProblem.of(415, "Writes take a JSON body (Content-Type: application/json)");
        }
    }

    private boolean authorised(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && constantTimeEquals(header.substring(7).strip(), token)) {
            return true;
        }
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(SESSION_COOKIE) && constantTimeEquals(cookie.getValue(), session)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fromLoopback(Request request) {
        if (!loopback(Request.getRemoteAddr(request))) {
            return false;
        }
        // a local reverse proxy forwarding a remote client: the client is what counts
        for (String forwarded : request.getHeaders().getCSV(HttpHeader.X_FORWARDED_FOR, false)) {
            if (!loopback(forwarded.strip())) {
                return false;
            }
        }
        return true;
    }

    private static boolean loopback(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9a-fA-F:.]+")) {
            // only literal addresses are looked at: no name lookup for a header's value
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    private static boolean sameOrigin(String origin, Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host)
                    && (uri.getScheme().equals("http") || uri.getScheme().equals("https"));
        } catch (java.net.URISyntaxException | NullPointerException malformed) {
            return false;
        }
    }

    private static String hostOf(String url) {
        try {
            String host = new URI(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (java.net.URISyntaxException malformed) {
            return null;
        }
    }

    private static String trimSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean json(Response response, Callback callback, int status, String detail) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, HttpProblem.of(status, detail).body().toString(), callback);
        return true;
    }

    private static boolean text(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
        return true;
    }
}
