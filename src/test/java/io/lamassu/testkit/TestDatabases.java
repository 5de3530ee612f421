package io.lamassu.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * PostgreSQL for tests: enabled with {@code -Dlamassu.test.pg=jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}
 * (CI always sets it, so these tests never skip there). Each call creates a fresh database.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static String adminUrl() {
        String url = System.getProperty("lamassu.test.pg", "");
        if (url.isEmpty()) {
            url = System.getenv().getOrDefault("LAMASSU_TEST_PG", "");
        }
        return url;
    }

    public static boolean postgresEnabled() {
        return !adminUrl().isEmpty();
    }

    /** Skips the calling test when PostgreSQL tests are not switched on; CI switches them on. */
    public static String freshPostgres() {
        Assumptions.assumeTrue(postgresEnabled(), "PostgreSQL tests are off (set -Dlamassu.test.pg)");
        String admin = adminUrl();
        String name = "lamassu_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database via " + admin, e);
        }
        int q = admin.indexOf('?');
        String base = admin.substring(0, admin.lastIndexOf('/', q < 0 ? admin.length() : q) + 1);
        return base + name + (q < 0 ? "" : admin.substring(q));
    }
}
