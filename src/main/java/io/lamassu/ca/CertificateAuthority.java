package io.lamassu.ca;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Upstream's CACertificate (upstream-notes §6.2). Status, validity, subject and key of a CA are
 * those of its {@code certificate}; {@code metadata} is CA-level metadata, distinct from the
 * certificate's; {@code profileId} is the default issuance profile for certificates it signs.
 */
public record CertificateAuthority(String id, String serialNumber, Certificate certificate, Map<String, Object> metadata,
                                   Instant creationTs, int level, String profileId) {
    public CertificateAuthority {
        metadata = metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata);
        profileId = profileId == null ? "" : profileId;
    }

    public CertificateStatus status() {
        return certificate.status();
    }

    public CertificateAuthority withCertificate(Certificate c) {
        return new CertificateAuthority(id, serialNumber, c, metadata, creationTs, level, profileId);
    }

    public CertificateAuthority withMetadata(Map<String, Object> m) {
        return new CertificateAuthority(id, serialNumber, certificate, m, creationTs, level, profileId);
    }

    public CertificateAuthority withProfile(String p) {
        return new CertificateAuthority(id, serialNumber, certificate, metadata, creationTs, level, p);
    }
}
