package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.NewFeature;
import dev.flowdb.PostgresServer;
import dev.flowdb.cli.FlowDbCli;
import dev.flowdb.internal.wire.JsonValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Two OS processes standing in for two hosts work one PostgreSQL backlog through the command
 * line ({@code next}, then {@code pass}); a third follows the log with {@code events --follow}.
 * Claims never double, every feature is done, and the follower prints every event of both.
 */
@Tag("postgres")
class PostgresHostsTest {

    @Test
    void twoHostsDrainOneBacklogAndAThirdSeesEveryEvent() throws Exception {
        String url = PostgresServer.get().freshUrl();
        int features = 40;
        try (Database db = Database.open(url)) {
            List<NewFeature> batch = new ArrayList<>();
            for (int i = 0; i < features; i++) {
                NewFeature f = new NewFeature("core", "feature " + i, "d", List.of("s"));
                batch.add(i >= 4 ? f.dependsOn(DependencyRef.index(i - 4)) : f);
            }
            db.features().createBulk(batch);
        }
        long started = System.nanoTime();
        int expectedEvents = features * 2;   // claimed + status_change per feature
        try (ChildJvm follower = ChildJvm.start(FlowDbCli.class, "--db", url, "events", "--follow", "--json", "--limit", "1",
                "--poll", "20", "--max", String.valueOf(expectedEvents))) {
            assertThat(follower.readLine()).as("the follower's first line, the newest event before the hosts start").contains("\"created\"");
            List<String> won = new ArrayList<>();
            try (ChildJvm a = ChildJvm.start(CliHostWorker.class, url, "host-a");
                 ChildJvm b = ChildJvm.start(CliHostWorker.class, url, "host-b")) {
                for (ChildJvm host : List.of(a, b)) {
                    List<String> lines = host.readAll();
                    assertThat(host.waitFor(300)).as("host exit; stderr: " + host.stderr()).isZero();
                    assertThat(lines).noneMatch(l -> l.startsWith("error"));
                    won.addAll(lines.stream().filter(l -> l.startsWith("won ")).map(l -> l.substring(4)).toList());
                }
            }
            assertThat(won).as("every feature claimed exactly once").hasSize(features).doesNotHaveDuplicates();
            List<String> events = follower.readAll();
            assertThat(follower.waitFor(120)).isZero();
            Set<String> claimedSeen = new HashSet<>();
            List<Object> ids = new ArrayList<>();
            for (String line : events) {
                Map<?, ?> e = (Map<?, ?>) JsonValues.parse(line);
                ids.add(e.get("id"));
                if ("claimed".equals(e.get("event_type"))) {
                    claimedSeen.add(String.valueOf(e.get("feature_id")));
                }
            }
            assertThat(events).hasSize(expectedEvents);
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(claimedSeen).containsExactlyInAnyOrderElementsOf(won);
        }
        try (Database db = Database.open(url)) {
            assertThat(db.features().stats().passing()).isEqualTo(features);
        }
        System.err.printf("postgres hosts: 2 CLI processes drained %d features, a third followed %d events, %.1f s%n",
                features, expectedEvents, (System.nanoTime() - started) / 1e9);
    }

    @Test
    void copyCarriesALegacyFileToPostgresAndBackAndRefusesToMix(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path legacy = dev.flowdb.Fixtures.copy("autocoder-current", dir);
        String url = PostgresServer.get().emptyUrl().replace("jdbc:postgresql://", "postgresql://").replace("?user=postgres", "")
                .replace("postgresql://", "postgresql://postgres@") + "?schema=copied";
        java.nio.file.Path back = dir.resolve("back/features.db");
        assertThat(cli("copy", "--from", legacy.toString(), "--to", url, "--json")).isZero();
        assertThat(cli("copy", "--from", legacy.toString(), "--to", url)).as("a second copy into a full target").isEqualTo(1);
        String jdbc = dev.flowdb.internal.engine.DatabaseTarget.parse(url).jdbcUrl();
        try (Database original = Database.open(legacy); Database pg = Database.builder(jdbc).schema("copied").open()) {
            assertThat(pg.features().getAll()).isEqualTo(original.features().getAll());
            assertThat(pg.events().since(0, 100_000)).isEqualTo(original.events().since(0, 100_000));
            assertThat(pg.features().ready(10)).isEqualTo(original.features().ready(10));
            assertThat(pg.features().blocked(10)).isEqualTo(original.features().blocked(10));
            assertThat(pg.features().stats()).isEqualTo(original.features().stats());
            assertThat(pg.features().graph()).isEqualTo(original.features().graph());
            // work goes on in PostgreSQL: new ids above the copied ones, and history to carry back
            long maxId = original.features().getAll().stream().mapToLong(dev.flowdb.Feature::id).max().orElse(0);
            dev.flowdb.Feature added = pg.features().create(new NewFeature("c", "after the copy", "d", List.of("s")));
            assertThat(added.id()).isGreaterThan(maxId);
            pg.features().claimNextReady().ifPresent(f -> pg.features().markPassing(f.id()));
            pg.features().skip(added.id());
        }
        assertThat(cli("copy", "--from", url, "--to", back.toString())).isZero();
        try (Database pg = Database.builder(jdbc).schema("copied").open(); Database roundTrip = Database.open(back)) {
            assertThat(roundTrip.features().getAll()).isEqualTo(pg.features().getAll());
            List<dev.flowdb.ChangeEvent> events = pg.events().since(0, 100_000);
            assertThat(events).hasSizeGreaterThanOrEqualTo(4);
            assertThat(roundTrip.events().since(0, 100_000)).isEqualTo(events);
            for (dev.flowdb.Feature f : pg.features().getAll()) {
                assertThat(roundTrip.events().replay(f.id())).isEqualTo(pg.events().replay(f.id()));
            }
            assertThat(roundTrip.features().ready(10)).isEqualTo(pg.features().ready(10));
        }
    }

    @Test
    void initSaysCreatedForANewSchemaAndOpenedAfterwardsAndReadsOfAnEmptyDatabaseCreateNothing() {
        String url = PostgresServer.get().emptyUrl().replace("jdbc:postgresql://", "postgresql://postgres@").replace("?user=postgres", "");
        java.io.StringWriter out = new java.io.StringWriter();
        assertThat(FlowDbCli.run(new String[] {"--db", url, "stats"}, new java.io.PrintWriter(out, true), new java.io.PrintWriter(out, true)))
                .as(out::toString).isEqualTo(3);
        assertThat(out.toString()).contains("no flow-db backlog at", "flow-db init");
        assertThat(initLine(url)).startsWith("Created ");
        assertThat(initLine(url)).startsWith("Opened ");
        assertThat(initLine(url + "?schema=second")).as("a new schema of the same database").startsWith("Created ");
        assertThat(initLine(url + "?schema=second")).startsWith("Opened ");
    }

    private static String initLine(String url) {
        java.io.StringWriter out = new java.io.StringWriter();
        assertThat(FlowDbCli.run(new String[] {"--db", url, "init"}, new java.io.PrintWriter(out, true), new java.io.PrintWriter(out, true)))
                .as(out::toString).isZero();
        return out.toString().trim();
    }

    private static int cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = FlowDbCli.run(args, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        System.err.println("flow-db " + String.join(" ", args) + " → " + code + "\n" + out + err);
        return code;
    }
}
