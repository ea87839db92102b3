package dev.flowdb.internal.sql;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How the kept queries read text and flag columns of one backend. sqlite-jdbc's {@code getString}
 * costs about twice its {@code getBytes} plus a Java UTF-8 decode, and text columns are most of
 * what a feature row is; in a UTF-8 database (every database the originals create) the bytes of a
 * text value are its UTF-8, so they are read as bytes. A database in a UTF-16 encoding is read
 * with {@code getString}. SQLite stores flags as integers; PostgreSQL as booleans.
 */
public enum TextColumns {

    /** The value's bytes, decoded as UTF-8: only for databases whose encoding is UTF-8. */
    UTF8_BYTES {
        @Override
        String read(ResultSet rs, int column) throws SQLException {
            byte[] bytes = rs.getBytes(column);
            if (bytes == null) {
                return rs.wasNull() ? null : "";
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    },

    /** The driver's own conversion. */
    STRINGS {
        @Override
        String read(ResultSet rs, int column) throws SQLException {
            return rs.getString(column);
        }
    },

    /** PostgreSQL: the driver's strings, flags as booleans. */
    POSTGRES {
        @Override
        String read(ResultSet rs, int column) throws SQLException {
            return rs.getString(column);
        }

        @Override
        boolean flag(ResultSet rs, int column) throws SQLException {
            return rs.getBoolean(column);
        }
    };

    abstract String read(ResultSet rs, int column) throws SQLException;

    /** @return a flag column's value, NULL read as false */
    boolean flag(ResultSet rs, int column) throws SQLException {
        return rs.getInt(column) == 1;
    }

    /** @return a flag column's value, or {@code null} for NULL */
    Boolean flagOrNull(ResultSet rs, int column) throws SQLException {
        boolean value = flag(rs, column);
        return rs.wasNull() ? null : value;
    }

    /** @return the way of reading text for {@code encoding} (the answer of {@code PRAGMA encoding}) */
    public static TextColumns forEncoding(String encoding) {
        return "UTF-8".equalsIgnoreCase(encoding) ? UTF8_BYTES : STRINGS;
    }
}
