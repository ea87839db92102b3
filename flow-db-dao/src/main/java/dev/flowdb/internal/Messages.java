package dev.flowdb.internal;

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

    static String waitingForHuman(long id) {
        return "Feature with ID " + id + " is blocked waiting for human input";
    }

    /** Python's {@code str(list)} of integers: {@code [3, 7]}. */
    static String pythonList(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
}
