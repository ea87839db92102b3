package dev.flowdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./flow-db} launcher at the repository root, run as a real process the way the README says. */
class LauncherIT {

    @TempDir
    Path project;

    record Result(int code, String out, String err) {
    }

    static Result launch(Path workingDir, String... args) throws IOException, InterruptedException {
        Path launcher = Path.of(System.getProperty("user.dir")).getParent().resolve("flow-db");
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(workingDir.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void theReadmeCommandsRunTheDemoOnTheDefaultDatabaseOfTheCurrentFolder() throws Exception {
        Result demo = launch(project, "demo");
        assertThat(demo.code()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("flow-db demo on " + project.resolve(".autoforge/features.db"), "#1 passes");
        assertThat(demo.err()).doesNotContain("WARNING").doesNotContain("jOOQ");
        assertThat(project.resolve(".autoforge/features.db")).isRegularFile();
        Result stats = launch(project, "stats", "--json");
        assertThat(stats.out()).contains("\"passing\":2", "\"total\":5");
        Result refused = launch(project, "pass", "1");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().lines().filter(l -> !l.startsWith("flow-db: building")).toList())
                .containsExactly("flow-db: Feature with ID 1 is already passing");
    }
}
