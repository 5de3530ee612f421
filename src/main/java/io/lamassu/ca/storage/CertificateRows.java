package io.lamassu.ca.storage;

import io.lamassu.ca.Certificate;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.ca.RevocationReason;
import io.lamassu.common.json.Json;
import io.lamassu.common.json.ParsedJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Row ↔ {@link Certificate}: the immutable part is the JSON {@code body} written at insert; status,
 * revocation and metadata come from their columns, which are the only ones that change.
 */
final class CertificateRows {
    private CertificateRows() {
    }

    /** CA certificates are read on every signing request; their bodies are few and never change. */
    private static final ParsedJson<Certificate> CA_BODIES = new ParsedJson<>(Certificate.class, 256);

    static Certificate map(ResultSet rs, String metadataColumn) throws SQLException {
        return withColumns(Json.read(rs.getString("body"), Certificate.class), rs, metadataColumn);
    }

    /** For CA rows: the parsed body is remembered by its text. */
    static Certificate mapCa(ResultSet rs, String metadataColumn) throws SQLException {
        return withColumns(CA_BODIES.read(rs.getString("body")), rs, metadataColumn);
    }

    private static Certificate withColumns(Certificate body, ResultSet rs, String metadataColumn) throws SQLException {
        long revokedAt = rs.getLong("revocation_timestamp");
        Instant revoked = rs.wasNull() ? Certificate.ZERO_TIME : Instant.ofEpochMilli(revokedAt);
        return body.withStatus(CertificateStatus.valueOf(rs.getString("status")),
                        RevocationReason.valueOf(rs.getString("revocation_reason")), revoked)
                .withMetadata(Json.readMap(rs.getString(metadataColumn)));
    }

    static Long revokedAt(Certificate c) {
        return c.revocationTimestamp().equals(Certificate.ZERO_TIME) ? null : c.revocationTimestamp().toEpochMilli();
    }

    static Long nextDue(Certificate c) {
        return c.status() == CertificateStatus.ACTIVE ? c.validTo().toEpochMilli() : null;
    }
}
