package dev.flowdb;

/**
 * SQLite's {@code PRAGMA synchronous} for the writer connection, i.e. how much durability each
 * commit buys with an {@code fsync}.
 */
public enum SynchronousMode {
    /** No syncs at all: a process crash is survived, an OS crash or power loss may corrupt the file. For throw-away data only. */
    OFF,
    /**
     * The default. In WAL mode a commit survives any process crash (kill -9 included); after a
     * power loss or OS crash the last commits before the failure may be rolled back, but the file
     * is never corrupted. About 4–8× faster per commit than {@link #FULL}.
     */
    NORMAL,
    /** Every commit is synced to disk before it returns: survives power loss, at an fsync per commit. */
    FULL
}
