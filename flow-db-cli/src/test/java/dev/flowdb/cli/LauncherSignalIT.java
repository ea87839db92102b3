package dev.flowdb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervisor stopping {@code ./flow-db serve} by the launcher's PID: on the first run after a
 * build (the launcher runs java as a child to list the server's classes) and on a later one (it
 * has become the JVM), SIGTERM and SIGINT stop the server gracefully with the JVM's own exit code,
 * the port closes, no process of the run is left, and the first run's archive is made although the
 * server was stopped by a signal.
 */
class LauncherSignalIT {

    @TempDir
    Path project;

    private static Path target() {
        return LauncherIT.launcher().getParent().resolve("flow-db-cli").resolve("target");
    }

    private static List<Path> serveArchives() throws IOException {
        try (Stream<Path> files = Files.list(target())) {
            return files.filter(p -> p.getFileName().toString().startsWith("flow-db-serve-") && p.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    /** Removes the server's archive and anything a recording left, so the next run is a first run. */
    private static void forgetServeArchive() throws IOException {
        try (Stream<Path> files = Files.list(target())) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("flow-db-serve-")).toList()) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> inside = Files.list(p)) {
                        for (Path q : inside.toList()) {
                            Files.delete(q);
                        }
                    }
                }
                Files.delete(p);
            }
        }
    }

    @Test
    void sigtermAndSigintReachTheServerOnAFirstRunAndOnALaterOne() throws Exception {
        forgetServeArchive();
        Run first = stop(start(), "TERM");
        assertThat(first.code()).as("the JVM's exit code on SIGTERM").isEqualTo(143);
        assertThat(serveArchives()).as("the first run's archive is made although a signal stopped it").hasSize(1);

        Run later = stop(start(), "TERM");
        assertThat(later.code()).as("the same code as a first run").isEqualTo(first.code());
        assertThat(later.childless()).as("a later run is the JVM itself").isTrue();

        forgetServeArchive();
        Run interrupted = stop(start(), "INT");
        assertThat(interrupted.code()).as("the JVM's exit code on SIGINT").isEqualTo(130);
        System.out.println("launcher signals: first run SIGTERM exit " + first.code() + " in " + first.stopped().toMillis()
                + " ms (dump included), later run SIGTERM exit " + later.code() + " in " + later.stopped().toMillis()
                + " ms, first run SIGINT exit " + interrupted.code() + " in " + interrupted.stopped().toMillis() + " ms");
    }

    /** A running launcher and the port its server listens on. */
    private record Started(Process launcher, int port) { }

    /** How a stop ended: the launcher's exit code, whether it had no child, how long it took. */
    private record Run(int code, boolean childless, Duration stopped) { }

    private Started start() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process launcher = new ProcessBuilder(LauncherIT.launcher().toString(), "serve", "--db", project.resolve("features.db").toString(),
                "--port", String.valueOf(port)).redirectErrorStream(true).redirectOutput(project.resolve("serve-" + port + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!listening(port)) {
            assertThat(launcher.isAlive()).as("the server is starting: %s", Files.readString(project.resolve("serve-" + port + ".log"))).isTrue();
            assertThat(System.nanoTime()).as("the server listens within 90 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        return new Started(launcher, port);
    }

    private static Run stop(Started run, String signal) throws Exception {
        List<ProcessHandle> family = run.launcher().descendants().toList();
        long at = System.nanoTime();
        Process kill = new ProcessBuilder("kill", "-s", signal, String.valueOf(run.launcher().pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(run.launcher().waitFor(120, TimeUnit.SECONDS)).as("the launcher ends after SIG%s", signal).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - at);
        assertThat(listening(run.port())).as("the port is closed").isFalse();
        for (ProcessHandle member : family) {
            assertThat(member.isAlive()).as("process %d (%s) of the run is gone", member.pid(), member.info().commandLine().orElse("?")).isFalse();
        }
        List<String> dumping = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(target().resolve("flow-db-serve-").toString())).toList();
        assertThat(dumping).as("no dump of the server's archive is left running").isEmpty();
        return new Run(run.launcher().exitValue(), family.isEmpty(), took);
    }

    private static boolean listening(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException other) {
            return false;
        }
    }
}
