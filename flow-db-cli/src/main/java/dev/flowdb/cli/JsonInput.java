package dev.flowdb.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * JSON the command line reads from its arguments or files, parsed by jackson-jr; a parse error
 * names where the text came from, the line and column, and what was wrong.
 */
final class JsonInput {

    private JsonInput() {
    }

    /**
     * @param file a file to read
     * @return its text
     * @throws FlowDbCli.BadInput when it cannot be read
     */
    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new FlowDbCli.BadInput("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * @param text JSON text
     * @param what the option or file it came from, for messages
     * @return its value: maps, lists, strings, numbers, booleans, {@code null}
     * @throws FlowDbCli.BadInput when the text is not JSON
     */
    static Object parse(String text, String what) {
        try {
            return JSON.std.anyFrom(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new FlowDbCli.BadInput(what + ": malformed JSON" + where + ": " + readable(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new FlowDbCli.BadInput(what + ": malformed JSON: " + e.getMessage());
        }
    }

    /** Jackson's message without its source description: {@code [Source: …; line: 1, column: 2]} → {@code line 1, column 2}. */
    private static String readable(String message) {
        return message.replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
    }

    /**
     * @param text JSON text of an array
     * @param what where it came from, for messages
     * @return the array's items
     */
    static List<?> array(String text, String what) {
        if (!(parse(text, what) instanceof List<?> list)) {
            throw new FlowDbCli.BadInput(what + ": a JSON array is required");
        }
        return list;
    }
}
