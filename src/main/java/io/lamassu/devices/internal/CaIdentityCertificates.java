package io.lamassu.devices.internal;

import io.lamassu.ca.CaService;
import io.lamassu.ca.Certificate;
import io.lamassu.ca.CertificateService;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.ca.StatusRequest;
import io.lamassu.devices.IdentityCertificate;
import io.lamassu.devices.IdentityCertificates;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The devices' certificate port over the CA service. Every call joins the caller's transaction
 * (the services share one {@code Tx}), so a binding, the superseded certificate's revocation and
 * the device change commit together.
 */
public final class CaIdentityCertificates implements IdentityCertificates {
    /** Upstream's metadata key recording which device (and DMS) a certificate identifies. */
    public static final String ATTACHED_TO = "lamassu.io/ra/attached-to";
    private final CertificateService certificates;
    private final CaService cas;

    public CaIdentityCertificates(CertificateService certificates, CaService cas) {
        this.certificates = certificates;
        this.cas = cas;
    }

    @Override
    public boolean issuedUnder(String serialNumber, Set<String> caIds) {
        return cas.isIssuedUnder(serialNumber, caIds);
    }

    /** CA certificates are never device identities, so they are reported as absent. */
    @Override
    public Optional<IdentityCertificate> find(String serialNumber) {
        return certificates.find(serialNumber).filter(c -> !c.isCa()).map(CaIdentityCertificates::toIdentity);
    }

    private static IdentityCertificate toIdentity(Certificate c) {
        boolean revoked = c.status() == CertificateStatus.REVOKED;
        return new IdentityCertificate(c.serialNumber(), c.status().name(),
                revoked ? c.revocationReason().name() : null, c.validFrom(), c.validTo(),
                c.subject().commonName(), c.issuerMetadata().id(), attachedDevice(c.metadata()));
    }

    private static String attachedDevice(Map<String, Object> metadata) {
        return metadata.get(ATTACHED_TO) instanceof Map<?, ?> m && m.get("device_id") instanceof String id ? id : null;
    }

    @Override
    public void revoke(String serialNumber, String reason) {
        certificates.updateStatus(serialNumber, new StatusRequest(CertificateStatus.REVOKED.name(), reason));
    }

    @Override
    public void attach(String serialNumber, String deviceId, String dmsId) {
        certificates.mergeMetadata(serialNumber, Map.of(ATTACHED_TO,
                Map.of("authorized_by", Map.of("ra_id", dmsId), "device_id", deviceId)));
    }
}
