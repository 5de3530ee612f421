package io.lamassu.ca;

import java.time.Instant;

/**
 * The revocation-relevant columns of one certificate, read without its body: what OCSP answers
 * and CRLs list. {@code revokedAt} is null unless the certificate is REVOKED.
 */
public record CertificateState(String serialNumber, String issuerId, CertificateStatus status,
                               RevocationReason reason, Instant revokedAt) {
}
