package dev.flowdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database per test, opened before it and closed (its folder deleted) after it, with a
 * clock the test moves by hand:
 *
 * <pre>{@code
 * @RegisterExtension
 * final FlowDbExtension flow = FlowDbExtension.file();
 *
 * @Test
 * void leasesRunOut() {
 *     Feature f = flow.db().features().create(...);
 *     flow.clock().advance(Duration.ofMinutes(31));
 * }
 * }</pre>
 *
 * The kind of database is the only thing a backend's subclass of the contract suite chooses.
 */
public final class FlowDbExtension implements BeforeEachCallback, AfterEachCallback {

    /** A clock that stands still until the test moves it; starts at 2026-03-01T10:00Z. */
    public static final class TestClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:00.000Z"));

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        /** @param d how far to move the clock on */
        public void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    /** What kind of database to open, given a fresh folder (unused by in-memory databases). */
    private interface Kind {
        Database.Builder builder(Path folder);
    }

    private final Kind kind;
    private final String description;
    private UnaryOperator<Database.Builder> options = UnaryOperator.identity();
    private TestClock clock;
    private Path folder;
    private Database db;

    private FlowDbExtension(Kind kind, String description) {
        this.kind = kind;
        this.description = description;
    }

    /** {@return an extension with a file database in WAL mode, at {@code <fresh folder>/.autoforge/features.db}} */
    public static FlowDbExtension file() {
        return new FlowDbExtension(folder -> Database.builder(folder.resolve(".autoforge/features.db")), "file");
    }

    /** {@return an extension with a fresh database of its own on this JVM's throw-away PostgreSQL server} */
    public static FlowDbExtension postgres() {
        return new FlowDbExtension(folder -> Database.builder(PostgresServer.get().freshUrl()), "PostgreSQL");
    }

    /** {@return an extension with an in-memory database} */
    public static FlowDbExtension inMemory() {
        return new FlowDbExtension(folder -> Database.inMemoryBuilder(), "in-memory");
    }

    /**
     * Adds builder options (the clock and a default actor {@code tester}/{@code test} are set first).
     *
     * @param more what to set on the builder
     * @return this extension
     */
    public FlowDbExtension with(UnaryOperator<Database.Builder> more) {
        UnaryOperator<Database.Builder> before = options;
        options = b -> more.apply(before.apply(b));
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        clock = new TestClock();
        folder = Files.createTempDirectory("flow-db-test-");
        db = options.apply(kind.builder(folder).clock(clock).defaultActor(Actor.of("tester", "test"))).open();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (db != null) {
                db.close();
            }
        } finally {
            try (Stream<Path> all = Files.walk(folder)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    /** {@return the open database of the running test} */
    public Database db() {
        return db;
    }

    /** {@return the clock of the running test's database} */
    public TestClock clock() {
        return clock;
    }

    /** {@return the fresh folder of the running test (the file database lives under it)} */
    public Path folder() {
        return folder;
    }

    @Override
    public String toString() {
        return description + " database";
    }
}
