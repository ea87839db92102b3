package dev.flowdb.internal.migrate;

import dev.flowdb.DatabaseBusyException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Liquibase's lock safe against a process killed while it migrates. Liquibase marks its
 * {@code DATABASECHANGELOGLOCK} row as taken and clears it at the end; a process killed in
 * between leaves it taken, and every later open would wait Liquibase's five minutes and fail.
 *
 * <p>Every flow-db migration of a file also holds an OS lock on a sidecar file
 * ({@code features.db-migrate.lock}) for as long as it runs. The OS drops that lock when its
 * holder dies, however it dies. So a process that holds the sidecar lock and still finds
 * Liquibase's row taken knows its taker is gone: the row is released only then, and only when
 * the taker was on this host (Liquibase records the host name) or took it longer ago than
 * {@link #FOREIGN_LOCK_STALE_AFTER} — a live migration elsewhere is never broken. Within one JVM
 * migrations take turns on a plain lock first (the OS lock belongs to the whole process).
 */
final class MigrationLock implements AutoCloseable {

    /** How long to wait for another process's migration of the same file. */
    static final Duration WAIT = Duration.ofMinutes(5);

    /** A lock taken on another host is released only when it is older than this (no migration runs that long). */
    static final Duration FOREIGN_LOCK_STALE_AFTER = Duration.ofMinutes(30);

    private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);
    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

    private final FileChannel channel;
    private final FileLock lock;

    private MigrationLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the migration lock of {@code database}, waiting up to {@link #WAIT} for another migration.
     *
     * @param database the database file, or {@code null} for an in-memory database (only the JVM lock)
     * @throws DatabaseBusyException when another process migrates the file for longer than {@link #WAIT}
     */
    static MigrationLock acquire(Path database) {
        IN_THIS_JVM.lock();
        if (database == null) {
            return new MigrationLock(null, null);
        }
        Path sidecar = database.resolveSibling(database.getFileName() + "-migrate.lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(sidecar, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                FileLock taken = channel.tryLock();
                if (taken != null) {
                    return new MigrationLock(channel, taken);
                }
                if (System.nanoTime() > deadline) {
                    throw new DatabaseBusyException(database + ": another process has been migrating the schema for over "
                            + WAIT.toMinutes() + " minutes (it holds " + sidecar.getFileName() + ")");
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            // a read-only folder or an odd file system: migrate without the sidecar, as Liquibase alone would
            LOG.debug("{}: no migration lock file ({}); stale Liquibase locks will not be released", database, e.toString());
            closeQuietly(channel);
            return new MigrationLock(null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            IN_THIS_JVM.unlock();
            throw new DatabaseBusyException(database + ": interrupted while waiting for another process's migration");
        } catch (RuntimeException e) {
            closeQuietly(channel);
            IN_THIS_JVM.unlock();
            throw e;
        }
    }

    /**
     * Clears Liquibase's lock row when it is provably stale (see the class comment). Call only
     * while holding this lock.
     *
     * @return whether a stale lock was released
     */
    boolean releaseStaleLiquibaseLock(Connection connection, Clock clock, String where) throws SQLException {
        if (lock == null) {
            return false;
        }
        try (Statement st = connection.createStatement()) {
            try (ResultSet tables = st.executeQuery("select 1 from sqlite_master where type = 'table' and name = 'DATABASECHANGELOGLOCK'")) {
                if (!tables.next()) {
                    return false;
                }
            }
            String lockedBy;
            Instant granted;
            try (ResultSet row = st.executeQuery("select LOCKEDBY, LOCKGRANTED from DATABASECHANGELOGLOCK where ID = 1 and LOCKED = 1")) {
                if (!row.next()) {
                    return false;
                }
                lockedBy = row.getString(1);
                granted = grantedAt(row.getString(2));
            }
            boolean thisHost = lockedBy != null && lockedBy.startsWith(hostName() + " ");
            boolean old = granted != null && granted.isBefore(clock.instant().minus(FOREIGN_LOCK_STALE_AFTER));
            if (!thisHost && !old) {
                LOG.warn("{}: Liquibase's lock is held by {} since {}; not this host, so it is left alone", where, lockedBy, granted);
                return false;
            }
            st.executeUpdate("update DATABASECHANGELOGLOCK set LOCKED = 0, LOCKGRANTED = null, LOCKEDBY = null where ID = 1");
            LOG.warn("{}: released a stale schema-migration lock left by {} at {} (that process is gone)", where, lockedBy, granted);
            return true;
        }
    }

    /** The host name as Liquibase writes it into {@code LOCKEDBY} ({@code host (address)}). */
    private static String hostName() {
        return liquibase.util.NetUtil.getLocalHostName();
    }

    /** SQLite's {@code CURRENT_TIMESTAMP} text (UTC), as Liquibase stores it; {@code null} when unreadable. */
    private static Instant grantedAt(String text) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.LocalDateTime.parse(text.trim().replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.debug("releasing the migration lock", e);
        } finally {
            closeQuietly(channel);
            IN_THIS_JVM.unlock();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do: the lock goes with the channel
            }
        }
    }
}
