package dev.flowdb.serve;

import dev.flowdb.Database;
import dev.flowdb.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * From a project name in a URL to a backlog, as the original resolves it: the name is checked
 * against {@code ^[a-zA-Z0-9_-]{1,50}$}, then looked up (case-sensitive) as the served project's
 * name, then in the original's registry {@code ~/.autoforge/registry.db} (read-only; never
 * created or changed here); the folder must exist. A registered project other than the served one
 * gets its own {@link Database}, opened on first use and kept until the server stops.
 */
final class Projects implements AutoCloseable {

    static final String INVALID_NAME = "Invalid project name. Use only letters, numbers, hyphens, and underscores (1-50 chars).";
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,50}$");

    /** A resolved project: its folder, or none for a served database that has no folder (PostgreSQL). */
    record Project(String name, Path dir, boolean served) { }

    private final String servedName;
    private final Path servedDir;
    private final Database served;
    private final Path registry;
    private final Function<Path, Database> opener;
    private final Map<Path, Database> others = new ConcurrentHashMap<>();

    /**
     * @param servedName the name the served backlog answers to
     * @param servedDir its project folder, or {@code null} (a PostgreSQL backlog, a loose file)
     * @param served the served backlog
     * @param registry the original's registry file (need not exist)
     * @param opener opens a registered project's {@code features.db}
     */
    Projects(String servedName, Path servedDir, Database served, Path registry, Function<Path, Database> opener) {
        this.servedName = servedName;
        this.servedDir = servedDir;
        this.served = served;
        this.registry = registry;
        this.opener = opener;
    }

    /**
     * Why a name did not resolve. The feature routes, the stats route and the websocket each word
     * it their own way (REFERENCE-REST §2, §5), so the reason travels, not a text.
     */
    enum Refusal { INVALID_NAME, NOT_REGISTERED, NO_DIRECTORY }

    /** A name that did not resolve, and why. */
    static final class Unresolved extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient Refusal refusal;
        private final String name;

        Unresolved(Refusal refusal, String name) {
            super(refusal + ": " + name, null, false, false);
            this.refusal = refusal;
            this.name = name;
        }

        Refusal refusal() {
            return refusal;
        }

        /** {@return the feature routes' answer: 400 with the name rule, or 404} */
        HttpProblem asFeatureProblem() {
            return switch (refusal) {
                case INVALID_NAME -> HttpProblem.badRequest(INVALID_NAME);
                case NOT_REGISTERED -> HttpProblem.notFound("Project '" + name + "' not found in registry");
                case NO_DIRECTORY -> HttpProblem.notFound("Project directory not found");
            };
        }
    }

    /**
     * @param name the project name from the URL, decoded
     * @return the project
     * @throws Unresolved for a malformed name, one that is unknown, or one whose folder is gone
     */
    Project find(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new Unresolved(Refusal.INVALID_NAME, name);
        }
        if (name.equals(servedName)) {
            return new Project(name, servedDir, true);
        }
        Path dir = registered(name).map(Registered::dir).orElseThrow(() -> new Unresolved(Refusal.NOT_REGISTERED, name));
        if (!Files.isDirectory(dir)) {
            throw new Unresolved(Refusal.NO_DIRECTORY, name);
        }
        return new Project(name, dir, false);
    }

    /**
     * {@link #find(String)} with the feature routes' answers.
     *
     * @param name the project name from the URL, decoded
     * @return the project
     * @throws HttpProblem 400 for a malformed name, 404 when it is unknown or its folder is gone
     */
    Project resolve(String name) {
        try {
            return find(name);
        } catch (Unresolved unresolved) {
            throw unresolved.asFeatureProblem();
        }
    }

    /** The name rule alone, for the route that checks it before anything else (add-dependency). */
    static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw HttpProblem.badRequest(INVALID_NAME);
        }
    }

    /** {@return whether the project's backlog exists, without creating it} */
    boolean exists(Project project) {
        return project.served() || Files.exists(ProjectLayout.locate(project.dir()));
    }

    /** {@return the project's backlog, opened (and created) on first use} */
    Database open(Project project) {
        if (project.served()) {
            return served;
        }
        return others.computeIfAbsent(project.dir(), dir -> opener.apply(ProjectLayout.locate(dir)));
    }

    /**
     * A registry row with the settings the original's project list shows; a registry written by an
     * older original may lack the setting columns, which then have the original's defaults.
     *
     * @param name the registered name
     * @param dir the folder, as stored
     * @param defaultConcurrency {@code default_concurrency} (3 when absent)
     * @param autoImproveEnabled {@code auto_improve_enabled} (false when absent)
     * @param autoImproveIntervalMinutes {@code auto_improve_interval_minutes} (10 when absent)
     */
    record Registered(String name, Path dir, int defaultConcurrency, boolean autoImproveEnabled, int autoImproveIntervalMinutes) {

        static Registered withDefaults(String name, Path dir) {
            return new Registered(name, dir, 3, false, 10);
        }
    }

    /** {@return the served project's name} */
    String servedName() {
        return servedName;
    }

    /** {@return the served project's folder, or {@code null} when it has none (PostgreSQL, a loose file)} */
    Path servedDir() {
        return servedDir;
    }

    /**
     * Every project of the registry, in row order, as the original lists them (read-only; a
     * registry that does not exist or cannot be read lists nothing).
     *
     * @return the rows
     */
    java.util.List<Registered> registry() {
        java.util.List<Registered> rows = new java.util.ArrayList<>();
        if (registry == null || !Files.isRegularFile(registry)) {
            return rows;
        }
        String url = "jdbc:sqlite:file:" + registry.toAbsolutePath() + "?mode=ro";
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement select = connection.prepareStatement("SELECT * FROM projects ORDER BY rowid");
             ResultSet found = select.executeQuery()) {
            java.util.Set<String> columns = new java.util.HashSet<>();
            for (int i = 1; i <= found.getMetaData().getColumnCount(); i++) {
                columns.add(found.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT));
            }
            while (found.next()) {
                String name = found.getString("name");
                String path = found.getString("path");
                if (name == null || path == null) {
                    continue;
                }
                rows.add(new Registered(name, Path.of(path),
                        intOr(found, columns, "default_concurrency", 3),
                        intOr(found, columns, "auto_improve_enabled", 0) != 0,
                        intOr(found, columns, "auto_improve_interval_minutes", 10)));
            }
        } catch (SQLException unreadable) {
            // a registry that cannot be read lists no project; the served one is still listed
            return new java.util.ArrayList<>();
        }
        return rows;
    }

    private static int intOr(ResultSet row, java.util.Set<String> columns, String column, int fallback) throws SQLException {
        if (!columns.contains(column)) {
            return fallback;
        }
        int value = row.getInt(column);
        return row.wasNull() ? fallback : value;
    }

    /** The registered folder of {@code name}: the registry's row, exact and case-sensitive, as the original looks it up. */
    Optional<Registered> registered(String name) {
        return registry().stream().filter(row -> row.name().equals(name)).findFirst();
    }

    @Override
    public void close() {
        others.values().forEach(Database::close);
        others.clear();
    }
}
