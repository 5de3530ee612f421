package io.lamassu.ca;

import io.lamassu.crypto.DistinguishedName;
import io.lamassu.crypto.KeyInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A certificate as upstream serialises it (upstream-notes §6.1): {@code certificate} is base64 of
 * the PEM text, the serial lowercase hex, {@code revocation_reason} "Unspecified" and
 * {@code revocation_timestamp} the zero time while not revoked.
 */
public record Certificate(String serialNumber, String subjectKeyId, String authorityKeyId, Map<String, Object> metadata,
                          CertificateStatus status, String certificate, KeyInfo keyMetadata,
                          DistinguishedName subject, DistinguishedName issuer, Instant validFrom, Instant validTo,
                          CertificateExtensions extensions, IssuerMetadata issuerMetadata,
                          Instant revocationTimestamp, RevocationReason revocationReason, CertificateType type,
                          String engineId, boolean isCa) {
    /** Go's zero time, which upstream prints for "never". */
    public static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    public Certificate {
        metadata = metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata);
        revocationTimestamp = revocationTimestamp == null ? ZERO_TIME : revocationTimestamp;
        revocationReason = revocationReason == null ? RevocationReason.Unspecified : revocationReason;
        engineId = engineId == null ? "" : engineId;
    }

    public Certificate withStatus(CertificateStatus s, RevocationReason reason, Instant revokedAt) {
        return new Certificate(serialNumber, subjectKeyId, authorityKeyId, metadata, s, certificate, keyMetadata,
                subject, issuer, validFrom, validTo, extensions, issuerMetadata, revokedAt, reason, type, engineId,
                isCa);
    }

    public Certificate withMetadata(Map<String, Object> m) {
        return new Certificate(serialNumber, subjectKeyId, authorityKeyId, m, status, certificate, keyMetadata,
                subject, issuer, validFrom, validTo, extensions, issuerMetadata, revocationTimestamp,
                revocationReason, type, engineId, isCa);
    }
}
