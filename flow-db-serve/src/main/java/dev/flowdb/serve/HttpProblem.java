package dev.flowdb.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An answer other than success, thrown by a route and written by the server as
 * {@code {"detail": …}} with its status: the original's error shape, a text for 4xx/5xx and a list
 * of issues for 422.
 */
final class HttpProblem extends RuntimeException {

    private final int status;
    private final JsonNode detail;

    private HttpProblem(int status, JsonNode detail) {
        super(detail.isTextual() ? detail.textValue() : detail.toString(), null, false, false);
        this.status = status;
        this.detail = detail;
    }

    /**
     * @param status the HTTP status
     * @param text the {@code detail} text, word for word as the original writes it
     * @return the problem
     */
    static HttpProblem of(int status, String text) {
        return new HttpProblem(status, JsonNodeFactory.instance.textNode(text));
    }

    /**
     * @param detail the list of pydantic-shaped issues
     * @return a 422
     */
    static HttpProblem unprocessable(JsonNode detail) {
        return new HttpProblem(422, detail);
    }

    static HttpProblem notFound(String text) {
        return of(404, text);
    }

    static HttpProblem badRequest(String text) {
        return of(400, text);
    }

    int status() {
        return status;
    }

    /** {@return the body: {@code {"detail": …}}} */
    ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("detail", detail);
        return body;
    }
}
