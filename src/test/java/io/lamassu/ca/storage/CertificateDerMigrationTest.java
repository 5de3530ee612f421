package io.lamassu.ca.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.ca.Certificate;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.ca.RevocationReason;
import io.lamassu.common.json.Json;
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import io.lamassu.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * V800-V802 (ADR 0210) on a database written by the previous schema: rows stored as the JSON body
 * (V200..V700 shape) read back identically, with the DER, issuer metadata and status columns,
 * after the migration; CAs keep joining their certificates.
 */
class CertificateDerMigrationTest {
    private static final Instant T0 = CaRepositoryContractTest.T0;

    @Test
    void sqliteDatabaseOfThePreviousSchemaIsConverted() throws Exception {
        Path file = Files.createTempDirectory("der-migration").resolve("old.db");
        String url = "jdbc:sqlite:" + file;
        converts(url, "sqlite", () -> Database.sqlite(file));
    }

    @Test
    void postgresDatabaseOfThePreviousSchemaIsConverted() throws Exception {
        Assumptions.assumeTrue(TestDatabases.postgresEnabled(), "PostgreSQL tests need -Dlamassu.test.pg");
        String url = TestDatabases.freshPostgres();
        converts(url, "postgresql", () -> Database.postgres(url, null, null, 2));
    }

    private void converts(String url, String folder, java.util.function.Supplier<Database> open) throws Exception {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/" + folder)
                .target("700").load().migrate();
        Certificate root = CaRepositoryContractTest.cert("c0", "root-ca", true, T0.plus(Duration.ofDays(900)));
        Certificate active = CaRepositoryContractTest.cert("0a", "root-ca", false, T0.plus(Duration.ofDays(90)));
        Certificate revoked = CaRepositoryContractTest.cert("0b", "root-ca", false, T0.plus(Duration.ofDays(90)))
                .withStatus(CertificateStatus.REVOKED, RevocationReason.KeyCompromise, T0.plusSeconds(60))
                .withMetadata(Map.of("site", "plant-4"));
        try (Connection c = DriverManager.getConnection(url)) {
            for (Certificate cert : new Certificate[] {root, active, revoked}) {
                insertOldShape(c, cert, folder.equals("postgresql") ? "CAST(? AS JSONB)" : "?");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ca_authorities (id, serial_number, parent_id,"
                    + " ca_metadata, creation_ts, level, profile_id) VALUES ('root-ca', 'c0', NULL, "
                    + (folder.equals("postgresql") ? "CAST('{}' AS JSONB)" : "'{}'") + ", 0, 0, 'p')")) {
                ps.executeUpdate();
            }
        }
        try (Database db = open.get()) {
            Jdbc jdbc = new Jdbc(new Tx(db));
            JdbcCertificateRepository certs = new JdbcCertificateRepository(jdbc);
            assertThat(certs.find("0a")).contains(active);
            assertThat(certs.find("0b")).contains(revoked);
            assertThat(certs.count()).isEqualTo(3);
            CertificateAuthority ca = new JdbcCaRepository(jdbc).find("root-ca").orElseThrow();
            assertThat(ca.certificate()).isEqualTo(root);
            assertThat(certs.claimDue(T0.plus(Duration.ofDays(100)), 10)).extracting(Certificate::serialNumber)
                    .containsExactly("0a");
            assertThat(jdbc.count("SELECT COUNT(*) FROM ca_certificates WHERE der IS NULL")).isZero();
        }
    }

    /** The insert of the previous CertificateRepository: columns plus the JSON body with base64 of the PEM. */
    private static void insertOldShape(Connection c, Certificate cert, String j) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ca_certificates (serial_number,"
                + " subject_common_name, subject_key_id, authority_key_id, issuer_meta_id, status, type, engine_id,"
                + " valid_from, valid_to, revocation_timestamp, revocation_reason, metadata, key_usage,"
                + " extended_key_usage, is_ca, next_due_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + j + ", " + j + ", " + j + ", ?, ?, ?)")) {
            Object[] v = {cert.serialNumber(), cert.subject().commonName(), cert.subjectKeyId(),
                cert.authorityKeyId(), cert.issuerMetadata().id(), cert.status().name(), cert.type().name(),
                cert.engineId(), cert.validFrom().toEpochMilli(), cert.validTo().toEpochMilli(),
                CertificateRows.revokedAt(cert), cert.revocationReason().name(), Json.write(cert.metadata()),
                Json.write(cert.extensions().keyUsage()), Json.write(cert.extensions().extendedKeyUsage()),
                Boolean.toString(cert.isCa()), CertificateRows.nextDue(cert), Json.write(cert)};
            for (int i = 0; i < v.length; i++) {
                ps.setObject(i + 1, v[i]);
            }
            ps.executeUpdate();
        }
    }
}
