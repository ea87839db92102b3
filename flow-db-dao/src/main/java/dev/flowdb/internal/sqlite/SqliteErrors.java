package dev.flowdb.internal.sqlite;

import dev.flowdb.CorruptDatabaseException;
import dev.flowdb.DatabaseAccessException;
import dev.flowdb.DatabaseBusyException;
import dev.flowdb.FlowDbException;
import dev.flowdb.ReadOnlyDatabaseException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one place where SQLite failures become flow-db exceptions. Classification is by SQLite
 * result code (the primary code, so extended codes such as {@code SQLITE_BUSY_SNAPSHOT} fall in
 * with their family), never by message text.
 */
public final class SqliteErrors {

    private SqliteErrors() {
    }

    /**
     * Turns any failure into a {@link FlowDbException}; a flow-db exception passes through as it is.
     *
     * @param failure what was thrown
     * @param what what was being done, for the message (e.g. {@code "open /x/features.db"})
     * @return the exception to throw
     */
    public static FlowDbException translate(Throwable failure, String what) {
        if (failure instanceof FlowDbException known) {
            return known;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FlowDbException known) {
                return known;
            }
            if (t instanceof SQLiteException sqlite) {
                return classify(sqlite.getErrorCode(), sqlite.getResultCode(), what, failure);
            }
            if (t instanceof SQLTransientConnectionException timeout) {
                return new DatabaseBusyException(what + ": the writer connection of this process stayed busy for the whole wait ("
                        + timeout.getMessage() + ")", failure);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (failure instanceof SQLException sql && sql.getErrorCode() != 0) {
            return classify(sql.getErrorCode(), null, what, failure);
        }
        return new DatabaseAccessException(what + ": " + describe(failure), failure);
    }

    private static FlowDbException classify(int code, SQLiteErrorCode resultCode, String what, Throwable failure) {
        String name = resultCode != null ? resultCode.name() : "SQLite error " + code;
        String message = what + ": " + name + " (" + firstLine(failure) + ")";
        return switch (code & 0xff) {
            case 5, 6 -> new DatabaseBusyException(what + ": the database stayed locked by another connection for the whole busy timeout (" + name + ")", failure);
            case 8 -> new ReadOnlyDatabaseException(what + ": SQLite refused to write (" + name + "): the file or its folder is read-only", failure);
            case 11, 26 -> new CorruptDatabaseException(what + ": not a usable SQLite database (" + name + "); try sqlite3 features.db \".recover\"", failure);
            case 14 -> new DatabaseAccessException(what + ": cannot open the file (" + name + "): check that the path and its folder exist and are accessible", failure);
            default -> new DatabaseAccessException(message, failure);
        };
    }

    private static String firstLine(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException && c.getMessage() != null) {
                return c.getMessage().lines().findFirst().orElse("");
            }
        }
        return describe(t);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
