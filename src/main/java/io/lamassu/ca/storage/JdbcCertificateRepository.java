package io.lamassu.ca.storage;

import io.lamassu.ca.CaFields;
import io.lamassu.ca.Certificate;
import io.lamassu.ca.CertificateRepository;
import io.lamassu.common.Page;
import io.lamassu.common.json.Json;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import io.lamassu.storage.DuplicateKeyException;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.ListSql;
import io.lamassu.ca.CertificateState;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.ca.RevocationReason;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Certificates on SQLite or PostgreSQL (table {@code ca_certificates}). */
public final class JdbcCertificateRepository implements CertificateRepository {
    private final Jdbc jdbc;
    /** Certificates other than their issuer CA's own: the same NOT EXISTS on both dialects. */
    private static final String ISSUED = "(SELECT c.* FROM ca_certificates c"
            + " WHERE NOT EXISTS (SELECT 1 FROM ca_authorities a WHERE a.id = c.issuer_meta_id"
            + " AND a.serial_number = c.serial_number)"
            + " AND NOT EXISTS (SELECT 1 FROM ca_certificate_history h WHERE h.ca_id = c.issuer_meta_id"
            + " AND h.serial_number = c.serial_number))";
    private final ListSql lists;
    private final ListSql issued;

    public JdbcCertificateRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.lists = new ListSql(jdbc, "ca_certificates", CaFields.CERTIFICATE);
        this.issued = new ListSql(jdbc, ISSUED, CaFields.CERTIFICATE);
    }

    @Override
    public boolean insert(Certificate c) {
        String j = jdbc.dialect().jsonParam();
        try {
            jdbc.update("INSERT INTO ca_certificates (serial_number, subject_common_name, subject_key_id,"
                            + " issuer_meta_id, issuer_meta_sn, issuer_meta_level, status, type, engine_id, valid_from,"
                            + " valid_to, revocation_timestamp, revocation_reason, metadata, key_usage, extended_key_usage,"
                            + " is_ca, next_due_at, der) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + j + ", " + j
                            + ", " + j + ", ?, ?, ?)",
                    c.serialNumber(), c.subject().commonName(), c.subjectKeyId(), c.issuerMetadata().id(),
                    c.issuerMetadata().serialNumber(), c.issuerMetadata().level(), c.status().name(), c.type().name(),
                    c.engineId(), c.validFrom().toEpochMilli(), c.validTo().toEpochMilli(), CertificateRows.revokedAt(c),
                    c.revocationReason().name(), Json.write(c.metadata()), Json.write(c.extensions().keyUsage()),
                    Json.write(c.extensions().extendedKeyUsage()), Boolean.toString(c.isCa()),
                    CertificateRows.nextDue(c), CertificateRows.der(c));
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    @Override
    public Optional<Certificate> find(String serial) {
        return jdbc.queryOne("SELECT " + CertificateRows.COLUMNS + " FROM ca_certificates WHERE serial_number = ?",
                rs -> CertificateRows.map(rs, "metadata"), serial);
    }

    @Override
    public Page<Certificate> list(ListQuery q) {
        return lists.page(q, rs -> CertificateRows.map(rs, "metadata"));
    }

    @Override
    public Page<Certificate> listIssued(ListQuery q) {
        return issued.page(q, rs -> CertificateRows.map(rs, "metadata"));
    }

    @Override
    public void updateStatus(Certificate c) {
        jdbc.update("UPDATE ca_certificates SET status = ?, revocation_reason = ?, revocation_timestamp = ?,"
                        + " next_due_at = ? WHERE serial_number = ?",
                c.status().name(), c.revocationReason().name(), CertificateRows.revokedAt(c),
                CertificateRows.nextDue(c), c.serialNumber());
    }

    @Override
    public void updateMetadata(String serial, Map<String, Object> metadata) {
        jdbc.update("UPDATE ca_certificates SET metadata = " + jdbc.dialect().jsonParam() + " WHERE serial_number = ?",
                Json.write(metadata), serial);
    }

    @Override
    public boolean delete(String serial) {
        return jdbc.update("DELETE FROM ca_certificates WHERE serial_number = ?", serial) > 0;
    }

    @Override
    public List<String> revocableIssuedBy(String caId, String caSerial) {
        return jdbc.query("SELECT serial_number FROM ca_certificates WHERE issuer_meta_id = ? AND serial_number <> ?"
                        + " AND (status IN ('ACTIVE', 'INACTIVE')"
                        + " OR (status = 'REVOKED' AND revocation_reason = 'CertificateHold'))",
                rs -> rs.getString(1), caId, caSerial);
    }

    @Override
    public List<String> revocableIssuedUnder(String caId, Collection<String> issuerSerials) {
        if (issuerSerials.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of(caId));
        params.addAll(issuerSerials);
        return jdbc.queryList("SELECT serial_number FROM ca_certificates WHERE issuer_meta_id = ? AND issuer_meta_sn IN ("
                        + String.join(", ", Collections.nCopies(issuerSerials.size(), "?")) + ") AND is_ca = 'false'"
                        + " AND (status IN ('ACTIVE', 'INACTIVE')"
                        + " OR (status = 'REVOKED' AND revocation_reason = 'CertificateHold'))",
                rs -> rs.getString(1), params);
    }

    @Override
    public List<Certificate> claimDue(Instant now, int limit) {
        return jdbc.query("SELECT " + CertificateRows.COLUMNS + " FROM ca_certificates WHERE next_due_at IS NOT NULL AND next_due_at <= ?"
                        + " ORDER BY next_due_at LIMIT ?" + jdbc.dialect().skipLocked(),
                rs -> CertificateRows.map(rs, "metadata"), now.toEpochMilli(), limit);
    }

    @Override
    public Map<String, Long> statusDistribution(List<Filter> filters) {
        return groupCount(jdbc, lists, "ca_certificates", "status", filters);
    }

    @Override
    public long count() {
        return jdbc.count("SELECT COUNT(*) FROM ca_certificates");
    }

    @Override
    public Optional<CertificateState> findState(String serial) {
        return jdbc.queryOne("SELECT serial_number, issuer_meta_id, status, revocation_reason, revocation_timestamp"
                + " FROM ca_certificates WHERE serial_number = ?", JdbcCertificateRepository::state, serial);
    }

    @Override
    public void forEachRevoked(Collection<String> issuerIds, Consumer<CertificateState> sink) {
        if (issuerIds.isEmpty()) {
            return;
        }
        String marks = String.join(", ", Collections.nCopies(issuerIds.size(), "?"));
        // The CA's own row (a root is its own issuer) is excluded: a CRL never lists its issuer.
        String sql = "SELECT c.serial_number, c.issuer_meta_id, c.status, c.revocation_reason, c.revocation_timestamp"
                + " FROM ca_certificates c WHERE c.issuer_meta_id IN (" + marks + ") AND c.status = 'REVOKED'"
                + " AND NOT EXISTS (SELECT 1 FROM ca_authorities a WHERE a.id = c.issuer_meta_id"
                + " AND a.serial_number = c.serial_number)";
        jdbc.tx().read(c -> {
            // Autocommit off lets the PostgreSQL driver stream with a fetch size instead of buffering all rows.
            boolean auto = c.getAutoCommit();
            if (jdbc.dialect() == io.lamassu.storage.Dialect.POSTGRES && auto) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(10_000);
                int i = 1;
                for (String id : issuerIds) {
                    ps.setString(i++, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(state(rs));
                    }
                }
            } finally {
                if (c.getAutoCommit() != auto) {
                    c.rollback();
                    c.setAutoCommit(auto);
                }
            }
            return null;
        });
    }

    private static CertificateState state(ResultSet rs) throws SQLException {
        long revokedAt = rs.getLong(5);
        Instant revoked = rs.wasNull() ? null : Instant.ofEpochMilli(revokedAt);
        return new CertificateState(rs.getString(1), rs.getString(2), CertificateStatus.valueOf(rs.getString(3)),
                RevocationReason.valueOf(rs.getString(4)), revoked);
    }

    static Map<String, Long> groupCount(Jdbc jdbc, ListSql lists, String table, String column, List<Filter> filters) {
        List<Object> params = new ArrayList<>();
        String where = lists.where(filters, params);
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.queryList("SELECT " + column + ", COUNT(*) FROM " + table + " t WHERE " + where + " GROUP BY " + column,
                rs -> out.put(rs.getString(1), rs.getLong(2)), params);
        return out;
    }
}
