package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A database at the last released schema version starts on this build: Flyway refuses a new
 * migration numbered below the database's current version, so new migrations must come after it
 * (a V831 added after V890 had shipped would have stopped every existing installation).
 */
class UpgradeFromReleasedSchemaTest {
    /** The newest migration of the last release (commit dacdfdb). Raise it at each release. */
    static final String RELEASED = "890";

    @Test
    void sqliteDatabaseAtTheReleasedVersionUpgrades() throws Exception {
        Path file = Files.createTempDirectory("upgrade").resolve("released.db");
        String url = "jdbc:sqlite:" + file;
        upgrades(url, "sqlite", () -> Database.sqlite(file));
    }

    @Test
    void postgresDatabaseAtTheReleasedVersionUpgrades() throws Exception {
        Assumptions.assumeTrue(TestDatabases.postgresEnabled(), "PostgreSQL tests need -Dlamassu.test.pg");
        String url = TestDatabases.freshPostgres();
        upgrades(url, "postgresql", () -> Database.postgres(url, null, null, 2));
    }

    private void upgrades(String url, String folder, java.util.function.Supplier<Database> open) {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/" + folder)
                .target(RELEASED).load().migrate();
        try (Database db = open.get()) {
            Jdbc jdbc = new Jdbc(new Tx(db));
            assertThat(jdbc.count("SELECT COUNT(*) FROM flyway_schema_history WHERE success AND CAST(version AS INTEGER) > "
                    + RELEASED)).isPositive();
            assertThat(jdbc.count("SELECT COUNT(*) FROM va_ocsp_responders")).isZero();
            assertThat(jdbc.count("SELECT COUNT(*) FROM ca_certificate_history")).isZero();
        }
    }
}
