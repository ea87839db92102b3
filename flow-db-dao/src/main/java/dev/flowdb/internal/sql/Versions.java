package dev.flowdb.internal.sql;

/**
 * The change counters one snapshot reads: {@code graph} moves when ids, priorities or
 * dependencies change, {@code status} when a feature's flags change, {@code content} on any
 * change of a feature. On SQLite they live in {@code flow_meta} and the triggers move them for
 * every writer, the Python tool included; they key the in-memory caches of a process.
 *
 * @param graph the graph version
 * @param status the status version
 * @param content the content version, or -1 when the file keeps none
 */
public record Versions(long graph, long status, long content) {

    /** @return whether {@code other} has this one's graph and status (contents aside) */
    public boolean sameGraphAndStatus(Versions other) {
        return other != null && graph == other.graph && status == other.status;
    }
}
