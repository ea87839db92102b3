package dev.flowdb.cli;

import dev.flowdb.BlockedFeature;
import dev.flowdb.ChangeEvent;
import dev.flowdb.DependencyGraph;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStats;
import dev.flowdb.internal.wire.OriginalJson;
import dev.flowdb.schema.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the commands print: JSON objects with stable snake_case keys (the Python original's
 * feature keys first), and aligned plain-text tables (no colour, no terminal codes).
 */
final class Render {

    private Render() {
    }

    /** A feature as JSON: the original's keys in its order, then flow-db's. */
    static Map<String, Object> feature(Feature f) {
        return OriginalJson.withFlowDbFields(OriginalJson.feature(f), f);
    }

    static List<Map<String, Object>> features(List<Feature> list) {
        List<Map<String, Object>> out = new ArrayList<>(list.size());
        list.forEach(f -> out.add(feature(f)));
        return out;
    }

    static Map<String, Object> blocked(BlockedFeature b) {
        Map<String, Object> m = feature(b.feature());
        m.put("blocked_by", b.blockedBy());
        return m;
    }

    static Map<String, Object> stats(FeatureStats s) {
        Map<String, Object> m = OriginalJson.stats(s);
        m.put("complete", s.isComplete());
        return m;
    }

    static Map<String, Object> node(DependencyGraph.GraphNode n) {
        return OriginalJson.node(n, true);
    }

    static Map<String, Object> event(ChangeEvent e) {
        return OriginalJson.event(e);
    }

    static String time(Instant t) {
        return OriginalJson.time(t);
    }

    static void json(PrintWriter out, Object value) {
        out.println(Json.write(value));
    }

    /** The one-word status of a feature in tables. */
    static String status(Feature f) {
        if (f.passes()) {
            return "done";
        }
        if (f.needsHumanInput()) {
            return "waiting";
        }
        return f.inProgress() ? "in progress" : "pending";
    }

    static String deps(List<Long> ids) {
        if (ids.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (Long id : ids) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(id);
        }
        return sb.toString();
    }

    /** Prints rows as columns padded to their widest cell; long cells are cut to {@code maxWidth}. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        int maxWidth = 60;
        int[] width = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        for (List<String> row : rows) {
            List<String> cut = new ArrayList<>(row.size());
            for (String cell : row) {
                String c = cell == null ? "" : cell.replace('\n', ' ');
                cut.add(c.length() > maxWidth ? c.substring(0, maxWidth - 1) + "…" : c);
            }
            all.add(cut);
        }
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                sb.append(cell);
                if (i < row.size() - 1) {
                    sb.append(" ".repeat(width[i] - cell.length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    static void featureTable(PrintWriter out, List<Feature> features) {
        List<List<String>> rows = new ArrayList<>();
        for (Feature f : features) {
            rows.add(List.of(String.valueOf(f.id()), String.valueOf(f.priority()), status(f), f.category(), f.name(),
                    deps(f.dependencies()), f.claimedBy() == null ? "" : f.claimedBy()));
        }
        table(out, List.of("ID", "PRIO", "STATUS", "CATEGORY", "NAME", "DEPENDS ON", "CLAIMED BY"), rows);
    }

    /** One feature in full, for people. */
    static void featureDetails(PrintWriter out, Feature f) {
        out.println("#" + f.id() + " " + f.name() + "  [" + status(f) + "]");
        out.println("  category:     " + f.category());
        out.println("  priority:     " + f.priority());
        out.println("  description:  " + f.description());
        out.println("  steps:");
        for (int i = 0; i < f.steps().size(); i++) {
            out.println("    " + (i + 1) + ". " + f.steps().get(i));
        }
        if (f.claimedBy() != null) {
            out.println("  claimed by:   " + f.claimedBy() + " at " + time(f.claimedAt())
                    + (f.claimRenewedAt() == null ? "" : ", lease renewed " + time(f.claimRenewedAt())));
        }
        if (f.humanInputRequest() != null) {
            out.println("  human input:  " + f.humanInputRequest());
        }
        if (f.humanInputResponse() != null) {
            out.println("  answer:       " + f.humanInputResponse());
        }
        if (f.createdAt() != null) {
            out.println("  created:      " + time(f.createdAt()));
        }
        if (f.updatedAt() != null) {
            out.println("  updated:      " + time(f.updatedAt()));
        }
    }

    static void eventTable(PrintWriter out, List<ChangeEvent> events) {
        List<List<String>> rows = new ArrayList<>();
        for (ChangeEvent e : events) {
            String change = e.field() == null ? nz(e.newValue()) : e.field() + ": " + nz(e.oldValue()) + " → " + nz(e.newValue());
            rows.add(List.of(String.valueOf(e.id()), time(e.createdAt()), String.valueOf(e.featureId()), e.eventType(),
                    nz(e.agent()) + "/" + nz(e.source()), change));
        }
        table(out, List.of("EVENT", "AT", "FEATURE", "TYPE", "BY", "CHANGE"), rows);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
