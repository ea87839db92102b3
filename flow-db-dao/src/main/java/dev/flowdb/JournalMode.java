package dev.flowdb;

/**
 * The SQLite journal mode flow-db asks for when it opens a file for writing.
 */
public enum JournalMode {
    /**
     * The default: {@link #WAL} on a local file system and {@link #DELETE} on a network file
     * system (NFS, SMB/CIFS, sshfs), where WAL's shared memory is unsafe — the rule of the
     * Python original.
     */
    AUTO,
    /** Write-ahead log: readers never block the writer, the writer never blocks readers. */
    WAL,
    /** SQLite's rollback journal: for network file systems. */
    DELETE
}
