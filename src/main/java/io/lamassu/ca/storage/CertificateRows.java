package io.lamassu.ca.storage;

import io.lamassu.ca.Certificate;
import io.lamassu.ca.CertificateExtensions;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.ca.CertificateType;
import io.lamassu.ca.IssuerMetadata;
import io.lamassu.ca.RevocationReason;
import io.lamassu.common.json.Json;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.crypto.Pem;
import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Row ↔ {@link Certificate} (ADR 0210): the immutable part is the DER column, parsed on read; the
 * issuer metadata, status, revocation, metadata and the filtered fields come from columns.
 */
final class CertificateRows {
    /** Every column a row mapping reads, for SELECTs that name them (never the whole row by accident). */
    static final String COLUMNS = "serial_number, subject_key_id, issuer_meta_id, issuer_meta_sn, issuer_meta_level,"
            + " status, type, engine_id, valid_from, valid_to, revocation_timestamp, revocation_reason, metadata,"
            + " key_usage, extended_key_usage, is_ca, der";

    /** CA certificates are read on every signing request; their DER is few and never changes. */
    private static final ConcurrentHashMap<ByteBuffer, Parsed> CA_PARSED = new ConcurrentHashMap<>();
    private static final int CA_CAPACITY = 1024;

    private CertificateRows() {
    }

    /** What the DER alone says, computed once per certificate text. */
    private record Parsed(String authorityKeyId, String base64Pem, io.lamassu.crypto.KeyInfo key,
                          DistinguishedName subject, DistinguishedName issuer) {
        static Parsed of(byte[] der) {
            X509CertificateHolder h = Certificates.fromDer(der, "INVALID_CERTIFICATE");
            return new Parsed(Certificates.authorityKeyId(h), Pem.base64OfPem("CERTIFICATE", der),
                    Certificates.keyInfo(h.getSubjectPublicKeyInfo()), DistinguishedName.from(h.getSubject()),
                    DistinguishedName.from(h.getIssuer()));
        }
    }

    static Certificate map(ResultSet rs, String metadataColumn) throws SQLException {
        return build(Parsed.of(rs.getBytes("der")), rs, metadataColumn);
    }

    /** For CA rows: the parsed DER is remembered by its bytes (a hit is what parsing would give). */
    static Certificate mapCa(ResultSet rs, String metadataColumn) throws SQLException {
        byte[] der = rs.getBytes("der");
        ByteBuffer key = ByteBuffer.wrap(der);
        Parsed p = CA_PARSED.get(key);
        if (p == null) {
            p = Parsed.of(der);
            if (CA_PARSED.size() >= CA_CAPACITY) {
                CA_PARSED.clear();
            }
            CA_PARSED.put(key, p);
        }
        return build(p, rs, metadataColumn);
    }

    private static Certificate build(Parsed p, ResultSet rs, String metadataColumn) throws SQLException {
        long revokedAt = rs.getLong("revocation_timestamp");
        Instant revoked = rs.wasNull() ? Certificate.ZERO_TIME : Instant.ofEpochMilli(revokedAt);
        return new Certificate(rs.getString("serial_number"), rs.getString("subject_key_id"), p.authorityKeyId(),
                Json.readMap(rs.getString(metadataColumn)), CertificateStatus.valueOf(rs.getString("status")),
                p.base64Pem(), p.key(), p.subject(), p.issuer(), Instant.ofEpochMilli(rs.getLong("valid_from")),
                Instant.ofEpochMilli(rs.getLong("valid_to")),
                new CertificateExtensions(strings(rs.getString("key_usage")), strings(rs.getString("extended_key_usage"))),
                new IssuerMetadata(rs.getString("issuer_meta_sn"), rs.getString("issuer_meta_id"),
                        rs.getInt("issuer_meta_level")),
                revoked, RevocationReason.valueOf(rs.getString("revocation_reason")),
                CertificateType.valueOf(rs.getString("type")), rs.getString("engine_id"),
                Boolean.parseBoolean(rs.getString("is_ca")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(String json) {
        return json.equals("[]") ? List.of() : (List<String>) (List<?>) Json.read(json, List.class);
    }

    static byte[] der(Certificate c) {
        return Pem.derFromAnyEncoding(c.certificate(), "CERTIFICATE", "INVALID_CERTIFICATE");
    }

    static Long revokedAt(Certificate c) {
        return c.revocationTimestamp().equals(Certificate.ZERO_TIME) ? null : c.revocationTimestamp().toEpochMilli();
    }

    static Long nextDue(Certificate c) {
        return c.status() == CertificateStatus.ACTIVE ? c.validTo().toEpochMilli() : null;
    }
}
