package dev.flowdb.serve;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.HostPort;

/**
 * The outermost handler: a request is served only when its {@code Host} names this server as the
 * operator knows it — a loopback name ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}, any
 * port), the bound address (every address of the machine when bound to a wildcard), or a name
 * allowed with {@code --allow-host} / {@code $FLOW_DB_ALLOW_HOSTS}. Everything else gets 403
 * before the websocket upgrade, the routes, {@code /mcp}, the stream or the board's assets see
 * it.
 *
 * <p>This is what defeats DNS rebinding (REFERENCE-REST §10): a web page whose own name was made
 * to resolve to 127.0.0.1 sends same-origin requests, so the client-address check, the Origin
 * check and CORS all pass, but its {@code Host} still carries the page's name.
 */
final class HostGuard extends Handler.Wrapper {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    /** Names allowed on any port, lower case, IPv6 literals without brackets. */
    private final Set<String> anyPort = new HashSet<>(LOOPBACK);
    /** {@code name:port} pairs allowed on that port only. */
    private final Set<String> onePort = new HashSet<>();

    /**
     * @param bind the address listened on: a non-loopback one is allowed by itself
     * @param allowed the operator's names, {@code NAME} or {@code NAME:PORT}
     * @param inner what serves the requests that pass
     * @throws IllegalArgumentException when an allowed name cannot be read as a host
     */
    HostGuard(String bind, List<String> allowed, Handler inner) {
        super(inner);
        for (String entry : allowed) {
            String value = entry.strip();
            if (value.isEmpty()) {
                continue;
            }
            HostPort parsed;
            try {
                parsed = new HostPort(value);
            } catch (IllegalArgumentException malformed) {
                throw new IllegalArgumentException("--allow-host " + value + " is not a host name (NAME or NAME:PORT)", malformed);
            }
            if (parsed.getHost().isEmpty()) {
                throw new IllegalArgumentException("--allow-host " + value + " is not a host name (NAME or NAME:PORT)");
            }
            if (parsed.hasPort()) {
                onePort.add(bare(parsed.getHost()) + ":" + parsed.getPort());
            } else {
                anyPort.add(bare(parsed.getHost()));
            }
        }
        addBound(bind);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null || !allowed(host)) {
            refuse(host, response, callback);
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** Whether a {@code Host} header's value names this server. */
    boolean allowed(String header) {
        HostPort parsed;
        try {
            parsed = new HostPort(header.strip());
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        String name = bare(parsed.getHost());
        return anyPort.contains(name) || (parsed.hasPort() && onePort.contains(name + ":" + parsed.getPort()));
    }

    private void addBound(String bind) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException unknown) {
            // the connector reports an address it cannot bind; nothing to allow here
            return;
        }
        if (address.isLoopbackAddress()) {
            return;
        }
        anyPort.add(bare(bind));
        if (address.isAnyLocalAddress()) {
            // a wildcard bind answers on every address of the machine: each is a name the operator gave
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress local : Collections.list(nic.getInetAddresses())) {
                        String literal = local.getHostAddress();
                        int zone = literal.indexOf('%');
                        anyPort.add(bare(zone < 0 ? literal : literal.substring(0, zone)));
                    }
                }
            } catch (SocketException unreadable) {
                // no interface list: only the names given with --allow-host (and loopback) are served
            }
        }
    }

    private void refuse(String host, Response response, Callback callback) {
        String detail;
        if (host == null) {
            detail = "A Host header is required";
        } else {
            String name;
            try {
                name = new HostPort(host.strip()).getHost();
            } catch (IllegalArgumentException malformed) {
                name = host.strip();
            }
            detail = "Host '" + host.strip() + "' is not allowed: flow-db serve answers requests addressed to localhost, "
                    + "127.0.0.1 or [::1] (and the address it is bound to); to serve it under this name, start it with "
                    + "--allow-host " + name + " (or set " + ServeConfig.ALLOW_HOSTS_ENV + "=" + name + ")";
        }
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, HttpProblem.of(403, detail).body().toString(), callback);
    }

    /** Lower case, IPv6 literals without brackets, so {@code [::1]} and {@code ::1} compare equal. */
    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
