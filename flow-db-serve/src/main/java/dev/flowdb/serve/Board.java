package dev.flowdb.serve;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The board's files, shipped in the jar under {@code dev/flowdb/serve/board/} (no CDN: it works
 * offline): {@code /} is the page, {@code /board/*} its script and style.
 */
final class Board {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private Board() {
    }

    static boolean serves(String method, String path) {
        return (method.equals("GET") || method.equals("HEAD"))
                && (path.equals("/") || path.equals("/index.html") || (path.startsWith("/board/") && !path.contains("..")));
    }

    static void answer(Exchange x, String path) throws IOException {
        String file = path.startsWith("/board/") ? path.substring("/board/".length()) : "index.html";
        int dot = file.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(file.substring(dot + 1));
        InputStream in = type == null || file.contains("/") ? null : Board.class.getResourceAsStream("board/" + file);
        if (in == null) {
            throw HttpProblem.notFound("Not Found");
        }
        try (in) {
            x.response().getHeaders().put("Cache-Control", "no-cache");
            x.response().getHeaders().put("Content-Security-Policy",
                    "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'");
            x.response().getHeaders().put("X-Content-Type-Options", "nosniff");
            x.send(200, type, in.readAllBytes());
        }
    }
}
