package dev.flowdb.it;

import dev.flowdb.cli.FlowDbCli;
import dev.flowdb.internal.wire.JsonValues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * One "host": a separate OS process that runs the flow-db command line against a PostgreSQL
 * backlog, {@code next} then {@code pass} (each command opens the database anew, as separate
 * invocations of {@code flow-db} do), until nothing is ready. Prints {@code won <id>} per claim.
 */
public final class CliHostWorker {

    private CliHostWorker() {
    }

    public static void main(String[] args) {
        String url = args[0];
        String agent = args[1];
        int idle = 0;
        while (idle < 20) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = FlowDbCli.run(new String[] {"--db", url, "--actor", agent, "next", "--json"}, new PrintWriter(out, true), new PrintWriter(err, true));
            if (code != 0) {
                if (!out.toString().contains("\"claimed\":null")) {
                    System.out.println("error next exit " + code + ": " + out + err);
                    System.exit(1);
                }
                idle++;
                sleep();
                continue;
            }
            idle = 0;
            Object id = ((Map<?, ?>) JsonValues.parse(out.toString())).get("id");
            System.out.println("won " + id);
            StringWriter passErr = new StringWriter();
            int passed = FlowDbCli.run(new String[] {"--db", url, "--actor", agent, "pass", String.valueOf(id)},
                    new PrintWriter(new StringWriter(), true), new PrintWriter(passErr, true));
            if (passed != 0) {
                System.out.println("error pass " + id + " exit " + passed + ": " + passErr);
                System.exit(1);
            }
        }
        System.out.flush();
        System.exit(0);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
