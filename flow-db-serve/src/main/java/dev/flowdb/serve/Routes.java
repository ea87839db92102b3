package dev.flowdb.serve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route table: path templates such as {@code /api/projects/{project_name}/features/{feature_id}}
 * tried in the order they were added, as the original's framework tries them (so {@code /bulk} and
 * {@code /graph} win over {@code /{feature_id}}). A path that matches a route under another method
 * is a 405, one that matches nothing a 404, and one that matches only without its trailing slash a
 * redirect. Jetty parses and decodes the request; this only compares decoded segments (a
 * {@code {param}} segment is any non-empty segment), which no library in the dependency set offers
 * with these precedence rules.
 */
final class Routes {

    /** What a route does with a request. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    /**
     * @param method the HTTP method
     * @param template the path template
     * @param failure the {@code detail} of the 500 answered when the handler fails unexpectedly
     * @param handler the work
     */
    record Route(String method, String template, String failure, Handler handler) {

        Optional<Map<String, String>> match(String[] segments) {
            String[] parts = template.substring(1).split("/", -1);
            if (parts.length != segments.length) {
                return Optional.empty();
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (part.startsWith("{") && part.endsWith("}")) {
                    if (segments[i].isEmpty()) {
                        return Optional.empty();
                    }
                    params.put(part.substring(1, part.length() - 1), segments[i]);
                } else if (!part.equals(segments[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(params);
        }
    }

    /** The outcome of looking a request up. */
    sealed interface Lookup {
        record Found(Route route, Map<String, String> params) implements Lookup { }

        record WrongMethod() implements Lookup { }

        record RedirectTo(String path) implements Lookup { }

        record NotFound() implements Lookup { }
    }

    private final List<Route> routes = new ArrayList<>();

    Routes add(String method, String template, String failure, Handler handler) {
        routes.add(new Route(method, template, failure, handler));
        return this;
    }

    Lookup find(String method, String path) {
        Lookup direct = lookup(method, path);
        if (direct instanceof Lookup.NotFound && path.length() > 1 && path.endsWith("/")) {
            String trimmed = path.substring(0, path.length() - 1);
            if (!(lookup(method, trimmed) instanceof Lookup.NotFound)) {
                return new Lookup.RedirectTo(trimmed);
            }
        }
        return direct;
    }

    private Lookup lookup(String method, String path) {
        if (!path.startsWith("/")) {
            return new Lookup.NotFound();
        }
        String[] segments = path.substring(1).split("/", -1);
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.match(segments);
            if (params.isPresent()) {
                if (route.method().equals(method) || (method.equals("HEAD") && route.method().equals("GET"))) {
                    return new Lookup.Found(route, params.get());
                }
                pathKnown = true;
            }
        }
        return pathKnown ? new Lookup.WrongMethod() : new Lookup.NotFound();
    }
}
