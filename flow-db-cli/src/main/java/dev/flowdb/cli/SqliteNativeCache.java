package dev.flowdb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Lets a short-lived process (the CLI, the MCP server) load SQLite's native library from a cache
 * instead of extracting it again: sqlite-jdbc copies its 1 MB library to a new temporary file on
 * every start (measured: ~0.1 s of a 0.4 s plain-JDBC cold start on this machine kind). The first
 * run copies it once to {@code $XDG_CACHE_HOME/flow-db/} (else {@code ~/.cache/flow-db/}), keyed by
 * the sqlite-jdbc jar's name and size and the platform, and every run points {@code org.sqlite.lib.path} there.
 * Any failure leaves sqlite-jdbc's own loading in place. Part of the command
 * line's start-up kit: the library never calls it and sets no JVM-wide property.
 */
final class SqliteNativeCache {

    private SqliteNativeCache() {
    }

    /** Points sqlite-jdbc at the cached library, copying it there first when needed; does nothing if already configured. */
    public static void install() {
        if (System.getProperty("org.sqlite.lib.path") != null || Boolean.getBoolean("flowdb.sqlite.nocache")) {
            return;
        }
        try {
            Class<?> driver = Class.forName("org.sqlite.SQLiteJDBCLoader", false, SqliteNativeCache.class.getClassLoader());
            String name = System.mapLibraryName("sqlitejdbc");
            Path jar = Path.of(driver.getProtectionDomain().getCodeSource().getLocation().toURI());
            // keyed by what the JVM reports about the platform, so a cached run needs no OSInfo: its
            // detection (it starts `uname` and reads /proc/self/map_files) cost 40-90 ms per start
            String key = (jar.getFileName() + "-" + Files.size(jar) + "-" + System.getProperty("os.name") + "-" + System.getProperty("os.arch"))
                    .replaceAll("[^A-Za-z0-9._-]", "_");
            Path dir = cacheRoot().resolve(key);
            Path library = dir.resolve(name);
            if (!Files.isRegularFile(library)) {
                Class<?> platform = Class.forName("org.sqlite.util.OSInfo");
                String folder = (String) platform.getMethod("getNativeLibFolderPathForCurrentOS").invoke(null);
                try (InputStream in = driver.getResourceAsStream("/org/sqlite/native/" + folder + "/" + name)) {
                    if (in == null) {
                        return;
                    }
                    Files.createDirectories(dir);
                    Path partial = Files.createTempFile(dir, name, ".part");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // should this copy not load (a cache shared with a machine of another C library), sqlite-jdbc
            // falls back to extracting its own
            System.setProperty("org.sqlite.lib.path", dir.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (ReflectiveOperationException | IOException | URISyntaxException | RuntimeException | LinkageError e) {
            // sqlite-jdbc extracts its library itself, as without this cache
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("flow-db");
    }
}
