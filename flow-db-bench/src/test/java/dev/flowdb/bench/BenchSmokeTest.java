package dev.flowdb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CI's smoke pass: every benchmark runs once, briefly, on a small backlog; no thresholds. */
class BenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    void everyBenchmarkAndItsJdbcTwinRunAndReport() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path json = dir.resolve("results.json");
        List<String[]> rows = BenchRunner.run("smoke", json, null, null, new PrintStream(printed, true, StandardCharsets.UTF_8), false);
        assertThat(rows).extracting(r -> r[0]).containsExactlyInAnyOrderElementsOf(BenchRunner.TARGETS.keySet());
        assertThat(rows).allSatisfy(r -> {
            assertThat(r[2]).as("flow-db figure of %s", r[0]).isNotEqualTo("-");
            assertThat(r[3]).as("JDBC figure of %s", r[0]).isNotEqualTo("-");
        });
        assertThat(Files.readString(json)).contains("\"primaryMetric\"");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("benchmark", "flow-db", "JDBC", "ratio", "target");
    }
}
