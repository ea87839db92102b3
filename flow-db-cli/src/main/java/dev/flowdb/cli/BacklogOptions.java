package dev.flowdb.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which backlog a long-running command ({@code mcp}, {@code serve}) works on: {@code --db}, else
 * $FLOW_DB_URL, else the {@code features.db} of {@code --project} (else $PROJECT_DIR, else the
 * current folder).
 */
final class BacklogOptions {

    @Option(names = "--db", paramLabel = "PATH|URL",
            description = "The database: a features.db path or a postgresql:// URL (default: $FLOW_DB_URL, else the project's features.db).")
    String db;

    @Option(names = "--project", paramLabel = "DIR", description = "The project folder (default: $PROJECT_DIR, else the current folder).")
    Path project;

    /** Takes {@code --db} given before the command ({@code flow-db --db x.db mcp}). */
    void inheritFrom(Common top) {
        if (db == null) {
            db = top.db;
        }
    }
}
