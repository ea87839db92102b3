package dev.flowdb.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** The original's message texts that several operations share (REFERENCE §7.23). */
final class Messages {

    private Messages() {
    }

    static String notFound(long id) {
        return "Feature with ID " + id + " not found";
    }

    static String alreadyPassing(long id) {
        return "Feature with ID " + id + " is already passing";
    }

    static String notInProgress(long id) {
        return "Feature with ID " + id + " is not in progress";
    }

    static String waitingForHuman(long id) {
        return "Feature with ID " + id + " is blocked waiting for human input";
    }

    /** Python's {@code str(list)} of integers: {@code [3, 7]}. */
    static String pythonList(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * Python's {@code datetime.now(timezone.utc).isoformat()}: microseconds (left out when they are
     * all zero, as Python does) and {@code +00:00}.
     */
    static String pythonIsoFormat(Instant t) {
        int micros = t.getNano() / 1000;
        return SECONDS.format(t) + (micros == 0 ? "" : String.format(".%06d", micros)) + "+00:00";
    }
}
