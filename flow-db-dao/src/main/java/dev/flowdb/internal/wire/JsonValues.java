package dev.flowdb.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;

/**
 * General JSON values (event values, human-input answers, manifests) read by jackson-jr, as
 * maps, lists, strings, numbers, booleans and {@code null}. Strict as Python's {@code json.loads}
 * is about what it refuses (leading zeros, raw control characters in strings, trailing text),
 * with the line and column of the first problem in the message.
 */
public final class JsonValues {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonValues() {
    }

    /**
     * Parses one JSON value.
     *
     * @param text JSON text
     * @return the value
     * @throws IllegalArgumentException if the text is not one well-formed JSON value; the message
     *         gives the line, the column and what was wrong
     */
    public static Object parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no JSON text");
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            Object value = JSON.std.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("unexpected text after the JSON value" + at(parser.currentLocation()));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage().replaceAll("\\s*\\n.*", "").replaceAll(" at \\[Source.*", "")
                    + at(e.getLocation()), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Parses {@code text} if it is JSON, else returns it as it is (legacy rows may hold any text).
     *
     * @param text the text
     * @return its value, or {@code text}
     */
    public static Object parseOrText(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException notJson) {
            return text;
        }
    }

    private static String at(com.fasterxml.jackson.core.JsonLocation where) {
        return where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }
}
