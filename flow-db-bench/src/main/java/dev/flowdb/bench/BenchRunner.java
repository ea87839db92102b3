package dev.flowdb.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and prints, for each operation and size, flow-db's figure, its JDBC
 * twin's, the ratio, the target and whether it is met. JMH's JSON goes to a file.
 *
 * <pre>
 * java -jar flow-db-bench/target/flow-db-bench.jar            # quick pass (about 3 minutes)
 * java -jar flow-db-bench/target/flow-db-bench.jar --full     # every size, longer iterations
 * java -jar flow-db-bench/target/flow-db-bench.jar --smoke    # each benchmark once, briefly (CI)
 * </pre>
 * Options: {@code --out FILE} (JSON, default {@code target/bench-results.json}), {@code --only REGEX},
 * {@code --sizes 10000,100000} (the backlog sizes, whatever the pass).
 */
public final class BenchRunner {

    /** A target: what is measured and what must hold. */
    record Target(String text, double limit, boolean higherIsBetter, double maxRatio) {
    }

    static final Map<String, Target> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("getById", new Target("≤ 20 µs, ≤ 2× JDBC", 20, false, 2));
        TARGETS.put("getAll100", new Target("≤ 150 µs", 150, false, 0));
        TARGETS.put("getAll100Changed", new Target("report (after another writer)", Double.NaN, false, 0));
        TARGETS.put("claim", new Target("≤ 100 µs", 100, false, 0));
        TARGETS.put("claimNextReady", new Target("≤ 200 µs @10k, flat to 100k", 200, false, 0));
        TARGETS.put("claimNextAndPass", new Target("report (agent loop step)", Double.NaN, false, 0));
        TARGETS.put("ready10", new Target("≤ 2 ms @10k, ≤ 10 ms @100k", 2000, false, 0));
        TARGETS.put("blocked20", new Target("≤ 2 ms @10k, ≤ 10 ms @100k", 2000, false, 0));
        TARGETS.put("readyAfterOtherWriter", new Target("report (picture rebuilt)", Double.NaN, false, 0));
        TARGETS.put("stats", new Target("report", Double.NaN, false, 0));
        TARGETS.put("graph", new Target("≤ 50 ms @10k", 50_000, false, 0));
        TARGETS.put("createBulk10k", new Target("≤ 300 ms", 300, false, 0));
        TARGETS.put("openUpToDate", new Target("≤ 50 ms", 50_000, false, 0));
        TARGETS.put("contendedClaims8", new Target("≥ 3 000 claims/s", 3000, true, 0));
        TARGETS.put("pgGetById", new Target("PostgreSQL, report", Double.NaN, false, 0));
        TARGETS.put("pgClaim", new Target("PostgreSQL, report", Double.NaN, false, 0));
        TARGETS.put("pgClaimNextReady", new Target("PostgreSQL, report", Double.NaN, false, 0));
        TARGETS.put("pgReady10", new Target("PostgreSQL, ≤ 5 ms @100k", 5000, false, 0));
        TARGETS.put("pgBlocked20", new Target("PostgreSQL, report", Double.NaN, false, 0));
        TARGETS.put("pgCreateBulk10k", new Target("PostgreSQL, report", Double.NaN, false, 0));
    }

    /** The most a "flat" operation may grow from 10 000 to 100 000 features. */
    static final double FLAT = 1.5;

    private BenchRunner() {
    }

    public static void main(String[] args) throws Exception {
        String mode = "quick";
        Path out = Path.of("target/bench-results.json");
        String only = null;
        String[] sizes = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = "quick";
                case "--full" -> mode = "full";
                case "--smoke" -> mode = "smoke";
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = args[++i];
                case "--sizes" -> sizes = args[++i].split(",");
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (use --quick, --full, --smoke, --out FILE, --only REGEX, --sizes N[,N…])");
            }
        }
        run(mode, out, only, sizes, System.out, true);
    }

    /** Runs one pass and prints the table; returns the rows printed. */
    static List<String[]> run(String mode, Path out, String only, String[] sizes, PrintStream print, boolean fork)
            throws RunnerException, java.io.IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(only == null ? "dev\\.flowdb\\.bench\\..*" : only)
                .forks(fork ? 1 : 0)
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true",
                        "-Dflowdb.bench.data=" + BenchData.dataDir())
                .resultFormat(ResultFormatType.JSON)
                .result(out.toString())
                .shouldFailOnError(true);
        switch (mode) {
            case "smoke" -> options.warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                    .param("size", "1000").param("backlog", "2000").verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT);
            case "full" -> options.warmupIterations(3).warmupTime(TimeValue.seconds(2)).measurementIterations(5)
                    .measurementTime(TimeValue.seconds(2)).param("size", "10000", "100000");
            default -> options.warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(3)
                    .measurementTime(TimeValue.seconds(1));
        }
        if (sizes != null) {
            options.param("size", sizes);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<String[]> rows = table(results);
        print.println();
        print.printf("flow-db benchmarks (%s pass, JDK %s, %d cores); JSON in %s%n", mode, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), out);
        String format = "%-18s %8s %14s %14s %7s  %-28s %s%n";
        print.printf(format, "benchmark", "size", "flow-db", "JDBC", "ratio", "target", "met?");
        for (String[] row : rows) {
            print.printf(format, (Object[]) row);
        }
        return rows;
    }

    static List<String[]> table(Collection<RunResult> results) {
        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            String size = r.getParams().getParamsKeys().contains("size") ? r.getParams().getParam("size")
                    : r.getParams().getParamsKeys().contains("backlog") ? r.getParams().getParam("backlog") : "-";
            String op = method.substring(0, method.lastIndexOf('_'));
            boolean flowdb = method.endsWith("_flowdb");
            String key = op + "|" + size;
            double[] pair = scores.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN});
            double score = r.getPrimaryResult().getScore();
            String unit = r.getPrimaryResult().getScoreUnit();
            if (unit.startsWith("ms")) {
                score *= 1000;
                unit = "us/op";
            }
            pair[flowdb ? 0 : 1] = score;
            units.put(key, unit);
        }
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            String[] key = e.getKey().split("\\|");
            Target t = TARGETS.get(key[0]);
            double mine = e.getValue()[0];
            double theirs = e.getValue()[1];
            boolean throughput = units.get(e.getKey()).contains("/s");
            double ratio = throughput ? theirs / mine : mine / theirs;
            String met;
            boolean onlyAt10k = key[0].equals("graph") || key[0].equals("claimNextReady");
            double[] at10k = scores.get(key[0] + "|10000");
            if (key[0].equals("claimNextReady") && key[1].equals("100000") && at10k != null && !Double.isNaN(at10k[0])) {
                // "flat to 100 000": at most half as slow again for ten times the features
                double growth = mine / at10k[0];
                met = String.format(Locale.ROOT, "%s (×%.2f of 10k)", growth <= FLAT ? "yes" : "NO", growth);
            } else if (t == null || Double.isNaN(t.limit()) || onlyAt10k && !key[1].equals("10000")) {
                met = "-";
            } else {
                double limit = t.limit();
                if (key[0].equals("ready10") || key[0].equals("blocked20")) {
                    limit = key[1].equals("100000") ? 10_000 : 2000;
                }
                boolean ok = t.higherIsBetter() ? mine >= limit : mine <= limit;
                if (t.maxRatio() > 0) {
                    ok &= ratio <= t.maxRatio();
                }
                met = ok ? "yes" : "NO";
            }
            rows.add(new String[] {key[0], key[1], fmt(mine, throughput), fmt(theirs, throughput),
                    Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio), t == null ? "" : t.text(), met});
        }
        return rows;
    }

    private static String fmt(double value, boolean throughput) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (throughput) {
            return String.format(Locale.ROOT, "%,.0f ops/s", value);
        }
        return value >= 1000 ? String.format(Locale.ROOT, "%,.2f ms", value / 1000) : String.format(Locale.ROOT, "%.1f µs", value);
    }
}
