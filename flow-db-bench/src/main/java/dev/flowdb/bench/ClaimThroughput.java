package dev.flowdb.bench;

import dev.flowdb.Actor;
import dev.flowdb.Database;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Claims per second on one PostgreSQL backlog (fsync on) from several OS processes, each with
 * several connections (one {@code Database} per connection, as one agent per connection would
 * hold): every process opens its handles and builds their pictures, then on a common start
 * signal all of them drain the ready set with {@code claimNextReady} until nothing is ready
 * (before the signal, each handle claims and releases 200 features, so the picture is built and
 * the claim path compiled).
 * Reports claims/s over the wall time from the signal to the last process's end, and checks
 * that no feature was claimed twice (by the processes' own lists and by the audit log).
 *
 * <pre>
 * java -cp flow-db-bench/target/flow-db-bench.jar dev.flowdb.bench.ClaimThroughput [features] [runs] [PxC ...]
 * </pre>
 * Defaults: 30 000 features, 3 runs each of 1x1, 1x4, 4x1, 4x4 and 2x8.
 */
public final class ClaimThroughput {

    private ClaimThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--worker")) {
            worker(args[1], Integer.parseInt(args[2]), args[3]);
            return;
        }
        int features = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> shapes = args.length > 2 ? List.of(args).subList(2, args.length) : List.of("1x1", "1x4", "4x1", "4x4", "2x8");
        System.out.printf(Locale.ROOT, "claim throughput on PostgreSQL %s (fsync on), %d features, %d cores%n",
                serverVersion(), features, Runtime.getRuntime().availableProcessors());
        System.out.println("processes x connections | claims | claims/s (min / median / max) | doubles");
        for (String shape : shapes) {
            int processes = Integer.parseInt(shape.split("x")[0]);
            int connections = Integer.parseInt(shape.split("x")[1]);
            List<Double> rates = new ArrayList<>();
            int claims = 0;
            int doubles = 0;
            for (int run = 0; run < runs; run++) {
                double[] r = run(features, processes, connections);
                claims = (int) r[0];
                rates.add(r[1]);
                doubles += (int) r[2];
            }
            Collections.sort(rates);
            System.out.printf(Locale.ROOT, "%d x %d | %d | %.0f / %.0f / %.0f | %d%n", processes, connections, claims, rates.get(0),
                    rates.get(rates.size() / 2), rates.get(rates.size() - 1), doubles);
        }
        System.exit(0);
    }

    private static String serverVersion() throws SQLException {
        try (Connection c = DriverManager.getConnection(PgBench.server().adminUrl()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select current_setting('server_version') || ', fsync=' || current_setting('fsync') "
                     + "|| ', synchronous_commit=' || current_setting('synchronous_commit')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** @return claims, claims/s, doubles */
    private static double[] run(int features, int processes, int connections) throws Exception {
        String url = PgBench.copy(features);
        String classpath = System.getProperty("java.class.path");
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp", classpath,
                    "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true", ClaimThroughput.class.getName(), "--worker", url,
                    String.valueOf(connections), "p" + p).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            children.add(child);
            outputs.add(new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (BufferedReader out : outputs) {
            String line = out.readLine();
            if (!"ready".equals(line)) {
                throw new IllegalStateException("a worker did not start: " + line);
            }
        }
        long lastWarmUpEvent;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select coalesce(max(id), 0) from change_events")) {
            rs.next();
            lastWarmUpEvent = rs.getLong(1);
        }
        long started = System.nanoTime();
        for (Process child : children) {
            PrintWriter in = new PrintWriter(new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8), true);
            in.println("go");
        }
        List<Long> won = new ArrayList<>();
        long ended = started;
        for (int p = 0; p < processes; p++) {
            String line;
            while ((line = outputs.get(p).readLine()) != null) {
                if (line.startsWith("done ")) {
                    ended = Math.max(ended, started + Long.parseLong(line.substring(5)));
                } else if (line.startsWith("won ")) {
                    won.add(Long.parseLong(line.substring(4)));
                } else {
                    throw new IllegalStateException("worker p" + p + ": " + line);
                }
            }
            if (children.get(p).waitFor() != 0) {
                throw new IllegalStateException("worker p" + p + " failed");
            }
        }
        Set<Long> distinct = new HashSet<>(won);
        int doubles = won.size() - distinct.size();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) - count(distinct feature_id) from change_events where event_type = 'claimed' "
                     + "and id > " + lastWarmUpEvent)) {
            rs.next();
            doubles += rs.getInt(1);
        }
        return new double[] {won.size(), won.size() / ((ended - started) / 1e9), doubles};
    }

    /** One process: {@code connections} handles, each drained by its own thread after "go". */
    private static void worker(String url, int connections, String name) throws Exception {
        List<Database> handles = new ArrayList<>();
        List<FeatureStore> stores = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Database db = Database.builder(url).readerPoolSize(1).open();
            handles.add(db);
            FeatureStore store = db.features(Actor.of(name + "-c" + i, "bench"));
            // before the clock starts: this handle's picture, and the claim path compiled by the JIT
            // (claims taken and given back, so the backlog is as seeded)
            for (int warm = 0; warm < 200; warm++) {
                store.claimNextReady().ifPresent(f -> store.clearInProgress(f.id()));
            }
            stores.add(store);
        }
        System.out.println("ready");
        System.out.flush();
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"go".equals(stdin.readLine())) {
            throw new IOException("expected go");
        }
        long started = System.nanoTime();
        List<Long> won = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(connections);
        for (FeatureStore store : stores) {
            new Thread(() -> {
                try {
                    for (Optional<Feature> next = store.claimNextReady(); next.isPresent(); next = store.claimNextReady()) {
                        won.add(next.get().id());
                    }
                } catch (RuntimeException e) {
                    errors.add(e.toString());
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        long elapsed = System.nanoTime() - started;
        handles.forEach(Database::close);
        for (long id : won) {
            System.out.println("won " + id);
        }
        errors.forEach(e -> System.out.println("error " + e));
        System.out.println("done " + elapsed);
        System.out.flush();
        System.exit(errors.isEmpty() ? 0 : 1);
    }
}
