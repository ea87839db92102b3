package dev.flowdb.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowdb.Actor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its answer, as the routes see it: the matched path parameters, the query, the
 * body (read once, within the size limit), who acts, and ways to answer JSON.
 */
final class Exchange {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final int maxBody;
    private final Actor actor;
    private Map<String, String> params = Map.of();
    private Fields query;
    private RequestCheck.Body body;

    Exchange(Request request, Response response, Callback callback, int maxBody, Actor actor) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.maxBody = maxBody;
        this.actor = actor;
    }

    Response response() {
        return response;
    }

    Callback callback() {
        return callback;
    }

    Actor actor() {
        return actor;
    }

    void params(Map<String, String> matched) {
        this.params = matched;
    }

    String param(String name) {
        return params.get(name);
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** {@return a query parameter, or {@code null}} */
    String query(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        }
        return query.getValue(name);
    }

    /**
     * @return the body and its content type; read at most once
     * @throws HttpProblem 413 when it is larger than the limit
     */
    RequestCheck.Body body() {
        if (body == null) {
            body = new RequestCheck.Body(header("Content-Type"), readBody());
        }
        return body;
    }

    private String readBody() {
        long declared = request.getLength();
        if (declared > maxBody) {
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(maxBody + 1);
            if (bytes.length > maxBody) {
                throw tooLarge();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw HttpProblem.badRequest("The request body could not be read");
        }
    }

    private HttpProblem tooLarge() {
        return HttpProblem.of(413, "Request body too large (at most " + maxBody + " bytes)");
    }

    /** Answers {@code status} with a JSON body. */
    void json(int status, JsonNode body) {
        String text;
        try {
            text = RequestCheck.JSON.writeValueAsString(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        send(status, "application/json", text);
    }

    void send(int status, String contentType, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        Content.Sink.write(response, true, text, callback);
    }

    void send(int status, String contentType, byte[] bytes) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
    }
}
