package dev.flowdb.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How the kept queries read text columns. sqlite-jdbc's {@code getString} costs about twice its
 * {@code getBytes} plus a Java UTF-8 decode, and text columns are most of what a feature row is;
 * in a UTF-8 database (every database the originals create) the bytes of a text value are its
 * UTF-8, so they are read as bytes. A database in a UTF-16 encoding is read with {@code getString}.
 */
enum TextColumns {

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
    };

    abstract String read(ResultSet rs, int column) throws SQLException;

    /** @return the way of reading text for {@code encoding} (the answer of {@code PRAGMA encoding}) */
    static TextColumns forEncoding(String encoding) {
        return "UTF-8".equalsIgnoreCase(encoding) ? UTF8_BYTES : STRINGS;
    }
}
