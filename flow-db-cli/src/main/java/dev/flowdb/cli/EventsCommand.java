package dev.flowdb.cli;

import dev.flowdb.ChangeEvent;
import dev.flowdb.EventCursor;
import dev.flowdb.EventPage;
import dev.flowdb.Database;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code events}: a feature's history, the whole log, or a live tail of it. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Show the audit log: one feature's history, or the latest events (--follow to tail).",
        footer = {"", "Examples:", "  flow-db events 7", "  flow-db events --limit 50", "  flow-db events --follow --json"})
final class EventsCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "Only this feature's events.")
    Long featureId;

    @Option(names = "--limit", defaultValue = "20", description = "How many of the latest events (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events as they are written (by any process) until interrupted.")
    boolean follow;

    @Option(names = "--poll", defaultValue = "500", paramLabel = "MILLIS", description = "How often --follow looks for new events (default ${DEFAULT-VALUE}).")
    long poll;

    @Option(names = "--max", paramLabel = "N", description = "With --follow: stop after printing N new events.")
    Integer max;

    @Option(names = "--since", paramLabel = "CURSOR",
            description = "Start after this cursor instead of the tail (resume a feed): an event id, or TX:ID as --follow --verbose prints on PostgreSQL.")
    String since;

    @Override
    public Integer call() throws InterruptedException {
        if (limit < 1 || poll < 1) {
            throw new FlowDbCli.BadInput("--limit and --poll must be at least 1");
        }
        try (Database db = common.open()) {
            EventCursor cursor;
            if (since != null) {
                cursor = EventCursor.parse(since);
            } else {
                List<ChangeEvent> events = featureId != null ? db.events().forFeature(featureId) : db.events().latest(limit);
                print(events);
                if (!follow) {
                    return FlowDbCli.OK;
                }
                cursor = db.events().tail();
            }
            if (!follow) {
                print(shown(db.events().after(cursor, limit).events()));
                return FlowDbCli.OK;
            }
            int printed = 0;
            while (max == null || printed < max) {
                EventPage page = db.events().after(cursor, 100);
                if (page.events().isEmpty()) {
                    Thread.sleep(poll);
                    continue;
                }
                cursor = page.next();
                List<ChangeEvent> shown = shown(page.events());
                if (max != null && shown.size() > max - printed) {
                    shown = shown.subList(0, max - printed);
                }
                printEach(shown);
                if (common.verbose) {
                    common.err().println("cursor " + cursor);
                    common.err().flush();
                }
                printed += shown.size();
            }
            return FlowDbCli.OK;
        }
    }

    /** The events of the one feature asked for, or all. */
    private List<ChangeEvent> shown(List<ChangeEvent> events) {
        return events.stream().filter(e -> featureId == null || e.featureId() == featureId).toList();
    }

    private void print(List<ChangeEvent> events) {
        if (common.json) {
            printEach(events);
        } else {
            Render.eventTable(common.out(), events);
        }
    }

    /** One line per event: JSON lines for machines, table rows for people. */
    private void printEach(List<ChangeEvent> events) {
        if (common.json) {
            events.forEach(e -> Render.json(common.out(), Render.event(e)));
        } else {
            for (ChangeEvent e : events) {
                common.out().println(Render.time(e.createdAt()) + "  #" + e.featureId() + "  " + e.eventType() + "  "
                        + e.agent() + "/" + e.source() + "  " + (e.field() == null ? "" : e.field() + ": " + e.oldValue() + " → ") + e.newValue());
            }
        }
        common.out().flush();
    }
}
