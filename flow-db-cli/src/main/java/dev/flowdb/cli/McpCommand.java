package dev.flowdb.cli;

import dev.flowdb.mcp.FlowDbMcpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mcp}: run the stdio MCP server (standard output is the protocol; nothing else is printed there). */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = {"Serve the original's feature tools to a coding agent over MCP (stdio).",
                "Every call is audited with source 'mcp' and the agent's name."},
        footer = {"", "Register with Claude Code:", "  claude mcp add features -- /path/to/flow-db mcp --project /path/to/project"})
final class McpCommand implements Callable<Integer> {

    @Mixin
    BacklogOptions backlog = new BacklogOptions();

    @Option(names = "--agent", paramLabel = "NAME", description = "The agent recorded in the audit log (default: $FLOW_DB_AGENT, else mcp-agent).")
    String agent;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "Which tools tools/list shows: coding, testing, initializer, assistant or all (default: $FLOW_DB_MCP_ROLE, else all). Every tool stays callable.")
    String role;

    @Option(names = "--lease", paramLabel = "DURATION",
            description = "How long a claim lives without renewal, the bound your orchestrator gives release-stale (default 30m).")
    String lease;

    @Option(names = "--lease-renew-every", paramLabel = "DURATION",
            description = "How often the server renews its agent's claims while the client is connected (default: a third of --lease).")
    String renewEvery;

    /** Takes {@code --db} and {@code --actor} given before the command ({@code flow-db --db x.db mcp}). */
    void inheritFrom(Common top) {
        backlog.inheritFrom(top);
        if (agent == null) {
            agent = top.actor;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        List<String> args = new ArrayList<>();
        if (backlog.db != null) {
            args.addAll(List.of("--db", backlog.db));
        }
        if (backlog.project != null) {
            args.addAll(List.of("--project", backlog.project.toString()));
        }
        if (agent != null) {
            args.addAll(List.of("--agent", agent));
        }
        if (role != null) {
            args.addAll(List.of("--role", role));
        }
        if (lease != null) {
            args.addAll(List.of("--lease", lease));
        }
        if (renewEvery != null) {
            args.addAll(List.of("--lease-renew-every", renewEvery));
        }
        return FlowDbMcpServer.run(args.toArray(String[]::new));
    }
}
