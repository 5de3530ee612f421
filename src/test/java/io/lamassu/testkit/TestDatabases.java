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
    /** Databases made by this JVM; dropped when it exits so test runs do not pile up gigabytes. */
    private static final java.util.Set<String> CREATED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropCreated, "drop-test-databases"));
    }

    private TestDatabases() {
    }

    private static void dropCreated() {
        if (CREATED.isEmpty()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement s = c.createStatement()) {
            for (String name : CREATED) {
                // FORCE (PostgreSQL 13+) ends connections a still-open pool may hold.
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("could not drop test databases: " + e.getMessage());
        }
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
        return freshPostgres("");
    }

    /**
     * A fresh database created with extra {@code CREATE DATABASE} options, e.g. an ICU locale
     * ({@code TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'}).
     */
    public static String freshPostgres(String createOptions) {
        Assumptions.assumeTrue(postgresEnabled(), "PostgreSQL tests are off (set -Dlamassu.test.pg)");
        String admin = adminUrl();
        String name = "lamassu_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + (createOptions.isEmpty() ? "" : " " + createOptions));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database via " + admin, e);
        }
        CREATED.add(name);
        int q = admin.indexOf('?');
        String base = admin.substring(0, admin.lastIndexOf('/', q < 0 ? admin.length() : q) + 1);
        return base + name + (q < 0 ? "" : admin.substring(q));
    }
}
