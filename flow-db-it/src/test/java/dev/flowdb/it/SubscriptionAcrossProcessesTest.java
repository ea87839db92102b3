package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Database;
import dev.flowdb.EventCursor;
import dev.flowdb.FeedEvent;
import dev.flowdb.cli.FlowDbCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscription in this JVM delivers the change events another OS process commits (the CLI
 * adding and claiming features in a child JVM), in order, and completes when the database closes.
 */
class SubscriptionAcrossProcessesTest {

    @TempDir
    Path dir;

    @Test
    void anotherProcessesWritesArriveInOrder() throws Exception {
        Path file = dir.resolve("features.db");
        BlockingQueue<FeedEvent> got = new LinkedBlockingQueue<>();
        CountDownLatch completed = new CountDownLatch(1);
        try (Database db = Database.open(file)) {
            db.events().subscribe(db.events().tail(), Duration.ofMillis(20)).subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(FeedEvent item) {
                    got.add(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    throwable.printStackTrace();
                }

                @Override
                public void onComplete() {
                    completed.countDown();
                }
            });
            try (ChildJvm writer = ChildJvm.start(CliScript.class, file.toString())) {
                assertThat(writer.waitFor(120)).as("writer; stderr: " + writer.stderr()).isZero();
            }
            List<String> types = new ArrayList<>();
            List<EventCursor> cursors = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                FeedEvent e = got.poll(60, TimeUnit.SECONDS);
                assertThat(e).as("event " + i + " of the other process").isNotNull();
                types.add(e.event().eventType() + " " + e.event().featureId());
                cursors.add(e.cursor());
            }
            assertThat(types).containsExactly("created 1", "created 2", "created 3", "claimed 1", "status_change 1", "claimed 2");
            assertThat(cursors).isSorted();
            assertThat(got.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
        assertThat(completed.await(30, TimeUnit.SECONDS)).isTrue();
    }

    /** The other process: plain CLI commands against the file. */
    public static final class CliScript {
        public static void main(String[] args) {
            String db = args[0];
            int code = 0;
            for (String name : List.of("one", "two", "three")) {
                code |= FlowDbCli.run(new String[] {"--db", db, "add", "--category", "c", "--name", name, "--description", "d", "--step", "s"},
                        new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(System.err, true));
            }
            code |= FlowDbCli.run(new String[] {"--db", db, "--actor", "other", "next"}, new java.io.PrintWriter(java.io.Writer.nullWriter()),
                    new java.io.PrintWriter(System.err, true));
            code |= FlowDbCli.run(new String[] {"--db", db, "pass", "1"}, new java.io.PrintWriter(java.io.Writer.nullWriter()),
                    new java.io.PrintWriter(System.err, true));
            code |= FlowDbCli.run(new String[] {"--db", db, "--actor", "other", "next"}, new java.io.PrintWriter(java.io.Writer.nullWriter()),
                    new java.io.PrintWriter(System.err, true));
            System.exit(code);
        }
    }
}
