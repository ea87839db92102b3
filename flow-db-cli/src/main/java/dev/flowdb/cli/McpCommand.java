package dev.flowdb.cli;

import dev.flowdb.mcp.FlowDbMcpServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcp}: run the stdio MCP server (standard output is the protocol; nothing else is printed there). */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {"Serve the original's feature tools to a coding agent over MCP (stdio).",
                "Every call is audited with source 'mcp' and the agent's name."},
        footer = {"", "Register with Claude Code:", "  claude mcp add features -- /path/to/flow-db mcp --project /path/to/project"})
final class McpCommand implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "PATH", description = "The database file (default: the project's features.db).")
    Path db;

    @Option(names = "--project", paramLabel = "DIR", description = "The project folder (default: $PROJECT_DIR, else the current folder).")
    Path project;

    @Option(names = "--agent", paramLabel = "NAME", description = "The agent recorded in the audit log (default: $FLOW_DB_AGENT, else mcp-agent).")
    String agent;

    @Override
    public Integer call() throws InterruptedException {
        List<String> args = new ArrayList<>();
        if (db != null) {
            args.addAll(List.of("--db", db.toString()));
        }
        if (project != null) {
            args.addAll(List.of("--project", project.toString()));
        }
        if (agent != null) {
            args.addAll(List.of("--agent", agent));
        }
        return FlowDbMcpServer.run(args.toArray(String[]::new));
    }
}
