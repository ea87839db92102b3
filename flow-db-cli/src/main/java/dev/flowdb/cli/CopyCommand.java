package dev.flowdb.cli;

import dev.flowdb.Database;
import dev.flowdb.SchemaVersionException;
import dev.flowdb.internal.migrate.BacklogCopy;
import dev.flowdb.internal.engine.DatabaseTarget;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code copy}: a whole backlog from one database to another (SQLite ⇄ PostgreSQL), ids kept, checked. */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copy every feature and every change event, ids kept, from one database to another (a features.db "
                + "into PostgreSQL and back), then check the copy by counts and a replay of every feature's events.",
                "Refuses a target that already holds a backlog unless --replace is given."},
        footer = {"", "Examples:", "  flow-db copy --from .autoforge/features.db --to postgresql://flow@db.internal/flow?schema=myproject",
                "  flow-db copy --from postgresql://flow@db.internal/flow --to backup.db"})
final class CopyCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Option(names = "--from", required = true, paramLabel = "PATH|URL", description = "The source: a features.db path or a postgresql:// URL.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "PATH|URL", description = "The target: a features.db path (created if missing) or a postgresql:// URL.")
    String to;

    @Option(names = "--replace", description = "Empty a target that already holds features or events before copying.")
    boolean replace;

    @Override
    public Integer call() {
        DatabaseTarget source = DatabaseTarget.parse(from);
        DatabaseTarget target = DatabaseTarget.parse(to);
        if (!source.isPostgres() && !Files.exists(source.path())) {
            throw new FlowDbCli.NoDatabase("no database at " + source.describe());
        }
        try (Database in = openSource(source); Database out = target.builder().defaultActor(common.actor()).open()) {
            BacklogCopy.Result copied = BacklogCopy.copy(in, out, replace);
            if (common.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("from", source.describe());
                m.put("to", target.describe());
                m.put("features", copied.features());
                m.put("events", copied.events());
                Render.json(common.out(), m);
            } else {
                common.out().println("Copied " + copied.features() + " features and " + copied.events() + " change events from "
                        + source.describe() + " to " + target.describe() + " (checked: counts, every row, every replay).");
            }
            return FlowDbCli.OK;
        }
    }

    /** The source read-only where it can be; a file of an older schema or of the originals is adopted first, as any command does. */
    private Database openSource(DatabaseTarget source) {
        try {
            return source.builder().defaultActor(common.actor()).readOnly(true).open();
        } catch (SchemaVersionException notMigratedYet) {
            if (source.isPostgres()) {
                throw new FlowDbCli.NoDatabase("no flow-db backlog at " + source.describe());
            }
            return source.builder().defaultActor(common.actor()).open();
        }
    }
}
