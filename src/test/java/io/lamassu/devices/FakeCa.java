package io.lamassu.devices;

import io.lamassu.ca.Certificate;
import io.lamassu.ca.CertificateExtensions;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.ca.CertificateType;
import io.lamassu.ca.IssuerMetadata;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.crypto.KeyInfo;
import java.util.List;
import io.lamassu.ca.CertificateStatusListener;
import io.lamassu.ca.RevocationReason;
import io.lamassu.dms.CertificateAuthorities;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * In-memory stand-in for the CA service behind the device and DMS ports. Like the real CA it calls
 * the status listener synchronously (inside the caller's transaction) on every status change.
 */
public final class FakeCa implements IdentityCertificates, CertificateAuthorities {
    /** The CA that issues every certificate of {@link #issue(String, Duration)}. */
    public static final String ISSUER = "issuing-ca";
    private final Map<String, IdentityCertificate> certs = new LinkedHashMap<>();
    private final Set<String> cas = new HashSet<>();
    private final Clock clock;
    private CertificateStatusListener listener = c -> { };

    public FakeCa(Clock clock) {
        this.clock = clock;
        cas.add(ISSUER);
    }

    public void listener(CertificateStatusListener l) {
        this.listener = l;
    }

    public void addCa(String id) {
        cas.add(id);
    }

    public String issue(String serial, Duration validity) {
        return issue(serial, validity, ISSUER);
    }

    public String issue(String serial, Duration validity, String issuerCaId) {
        Instant now = clock.instant();
        certs.put(serial, new IdentityCertificate(serial, "ACTIVE", "Unspecified", now, now.plus(validity), "dev",
                issuerCaId, null));
        return serial;
    }

    /** No hierarchy here: the recorded issuer must be one of them (the real chain walk is tested over HTTP). */
    @Override
    public boolean issuedUnder(String serialNumber, Set<String> caIds) {
        return find(serialNumber).map(c -> caIds.contains(c.issuerCaId())).orElse(false);
    }

    public IdentityCertificate cert(String serial) {
        return certs.get(normalise(serial));
    }

    static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace(":", "").replace("-", "");
    }

    @Override
    public Optional<IdentityCertificate> find(String serialNumber) {
        return Optional.ofNullable(certs.get(normalise(serialNumber)));
    }

    @Override
    public void revoke(String serialNumber, String reason) {
        setStatus(normalise(serialNumber), "REVOKED", reason);
    }

    @Override
    public void attach(String serialNumber, String deviceId, String dmsId) {
        IdentityCertificate c = certs.get(serialNumber);
        certs.put(serialNumber, new IdentityCertificate(c.serialNumber(), c.status(), c.revocationReason(), c.validFrom(),
                c.validTo(), c.subjectCommonName(), c.issuerCaId(), deviceId));
    }

    /** Any status change the CA makes (API revocation, hold release, expiry job). */
    public void setStatus(String serial, String status, String reason) {
        IdentityCertificate c = certs.get(serial);
        certs.put(serial, new IdentityCertificate(c.serialNumber(), status, reason, c.validFrom(), c.validTo(),
                c.subjectCommonName(), c.issuerCaId(), c.attachedDeviceId()));
        listener.onStatusChange(new CertificateStatusListener.Change(serial, CertificateStatus.valueOf(c.status()),
                CertificateStatus.valueOf(status), RevocationReason.parse(reason), clock.instant()));
    }

    /** Enough of the CA's certificate object for the DMS's bind response. */
    @Override
    public Certificate certificate(String serialNumber) {
        IdentityCertificate c = certs.get(normalise(serialNumber));
        return new Certificate(c.serialNumber(), "", "", attachedTo(c), CertificateStatus.valueOf(c.status()), "",
                new KeyInfo("ECDSA", 256, "HIGH"), DistinguishedName.ofCommonName(c.subjectCommonName()),
                DistinguishedName.ofCommonName(c.issuerCaId()), c.validFrom(), c.validTo(),
                new CertificateExtensions(List.of(), List.of()), new IssuerMetadata("", c.issuerCaId(), 0), null,
                null, CertificateType.MANAGED, "", false);
    }

    private static Map<String, Object> attachedTo(IdentityCertificate c) {
        return c.attachedDeviceId() == null ? Map.of()
                : Map.of("lamassu.io/ra/attached-to", Map.of("device_id", c.attachedDeviceId()));
    }

    @Override
    public boolean exists(String caId) {
        return cas.contains(caId);
    }
}
