package io.lamassu.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Whether a PostgreSQL database's default collation orders text by code point, like SQLite's
 * BINARY collation: "C" and "POSIX" compare bytes; glibc's and PostgreSQL 17's builtin C.UTF-8
 * order by code point too. Any other locale (en_US.UTF-8, ICU) orders differently, and then list
 * sorts add {@code COLLATE "C"} so both databases return rows in the same order.
 */
final class TextOrder {
    private static final Set<String> CODE_POINT = Set.of("C", "POSIX", "C.UTF-8", "C.utf8");

    private TextOrder() {
    }

    static boolean codePoint(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM pg_database WHERE datname = current_database()")) {
            if (!rs.next()) {
                return false;
            }
            String provider = column(rs, "datlocprovider"); // PostgreSQL 15+: c = libc, i = ICU, b = builtin
            if ("i".equals(provider)) {
                return false;
            }
            String collate = "b".equals(provider) ? column(rs, "datlocale") : rs.getString("datcollate");
            return collate != null && CODE_POINT.contains(collate);
        } catch (SQLException e) {
            throw Tx.storageFailure(e);
        }
    }

    private static String column(ResultSet rs, String name) throws SQLException {
        try {
            return rs.getString(name);
        } catch (SQLException e) {
            return null; // an older PostgreSQL without this column: libc provider, no builtin locale
        }
    }
}
