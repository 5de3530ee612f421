package io.lamassu.dms.est;

import io.lamassu.audit.AuditTrail;
import io.lamassu.ca.CaService;
import io.lamassu.ca.Certificate;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.ca.CertificateService;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.ca.IssuanceProfile;
import io.lamassu.ca.ProfileService;
import io.lamassu.common.Durations;
import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.Json;
import io.lamassu.crypto.Csrs;
import io.lamassu.devices.Device;
import io.lamassu.devices.DeviceService;
import io.lamassu.devices.DeviceStatus;
import io.lamassu.devices.IdentitySlot;
import io.lamassu.devices.RegisterDevice;
import io.lamassu.dms.BindIdentity;
import io.lamassu.dms.BindIdentityResult;
import io.lamassu.dms.Dms;
import io.lamassu.dms.DmsRepository;
import io.lamassu.dms.DmsService;
import io.lamassu.dms.DmsSettings;
import io.lamassu.dms.DmsSettings.EnrollmentSettings;
import io.lamassu.dms.DmsSettings.ReenrollmentSettings;
import io.lamassu.dms.EstCredentialService;
import io.lamassu.events.EventPublisher;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * EST (RFC 7030) on top of the DMS, device and CA services: which CAs a DMS distributes, and
 * enrollment, re-enrollment and server-side key generation as the DMS's settings say
 * (upstream-notes §2.4.1). The certificate is signed before the transaction (crypto holds no
 * database lock); inside it the device is created (JITP), the certificate stored, the identity
 * bound (slot version, device ACTIVE, device events, superseded certificate revoked) and
 * {@code dms.enroll}/{@code dms.reenroll} published — all of it commits, or none of it.
 */
public final class EstService {
    private final DmsRepository dmsRepo;
    private final DmsService dms;
    private final DeviceService devices;
    private final Ca ca;
    private final EstAuthenticator auth;
    private final Platform platform;

    /** The CA context's services EST uses. */
    public record Ca(CaService cas, CertificateService certificates, ProfileService profiles) {
    }

    /**
     * Events, audit, clock, and the certificates of the HTTPS listener's issuer (the "system CA"
     * a DMS may distribute so that devices can verify this server).
     */
    public record Platform(EventPublisher events, AuditTrail audit, Clock clock,
                           Supplier<List<X509Certificate>> systemCas) {
    }

    public EstService(DmsRepository dmsRepo, DmsService dms, DeviceService devices, Ca ca, Platform platform,
                      EstCredentialService passwords) {
        this.dmsRepo = dmsRepo;
        this.dms = dms;
        this.devices = devices;
        this.ca = ca;
        this.platform = platform;
        this.auth = new EstAuthenticator(new ClientCertificateValidator(ca.cas(), ca.certificates()), new EstWebhook(),
                passwords);
    }

    /** What an enrollment produced: the certificate, and for server-side key generation the private key. */
    record Enrolled(X509Certificate certificate, byte[] pkcs8) {
    }

    // ---- distribution (RFC 7030 §4.1, §4.5) ----

    /** §4.1: the system CA, then each managed CA, then the enrollment CA and its issuers, as configured. */
    List<X509Certificate> caCerts(String dmsId) {
        DmsSettings.CaDistributionSettings d = find(dmsId).settings().caDistributionSettings();
        List<X509Certificate> out = new ArrayList<>();
        if (d.includeSystemCa()) {
            out.addAll(platform.systemCas().get());
        }
        for (String id : d.managedCas()) {
            caCertificate(id).ifPresent(c -> addOnce(out, ClientCertificateValidator.x509(c.certificate())));
        }
        if (d.includeEnrollmentCa()) {
            String id = find(dmsId).settings().enrollmentSettings().enrollmentCa();
            for (int depth = 0; depth < 16 && id != null && !id.isEmpty(); depth++) {
                Optional<CertificateAuthority> c = caCertificate(id);
                if (c.isEmpty()) {
                    break;
                }
                addOnce(out, ClientCertificateValidator.x509(c.get().certificate()));
                earlierKeys(c.get()).forEach(x -> addOnce(out, x));
                String parent = c.get().certificate().issuerMetadata().id();
                id = parent == null || parent.equals(id) ? null : parent;
            }
        }
        return out;
    }

    /** §4.5: what this DMS will accept, from its enrollment profile (see {@link CsrAttributes}). */
    byte[] csrAttrs(String dmsId) {
        Dms d = find(dmsId);
        return CsrAttributes.encode(profile(d.settings()).map(IssuanceProfile::cryptoEnforcement).orElse(null));
    }

    // ---- enrollment (RFC 7030 §4.2.1) ----

    Enrolled enroll(EstRequest r) {
        Dms d = find(r.dmsId());
        PKCS10CertificationRequest csr = EstWire.csr(r.body());
        String cn = deviceId(csr);
        authenticateEnrollment(d, r, csr, cn);
        return new Enrolled(issueAndBind(d, csr, cn, false), null);
    }

    /** §4.4: the server makes the key; the CSR is a template for the subject and extensions. */
    Enrolled serverKeygen(EstRequest r) {
        Dms d = find(r.dmsId());
        PKCS10CertificationRequest template = EstWire.csr(r.body());
        String cn = deviceId(template);
        authenticateEnrollment(d, r, template, cn);
        DmsSettings.ServerKeygenSettings k = d.settings().serverKeygenSettings();
        if (!k.enabled()) {
            throw LamassuException.forbidden("EST_SERVERKEYGEN_DISABLED", "DMS '" + d.id()
                    + "' does not generate keys for devices (server_keygen_settings.enabled is false)");
        }
        ServerKeys.Generated g = ServerKeys.generate(k.key(), template);
        return new Enrolled(issueAndBind(d, g.csr(), cn, true), g.pkcs8());
    }

    private void authenticateEnrollment(Dms d, EstRequest r, PKCS10CertificationRequest csr, String cn) {
        DmsSettings.EstSettings est = d.settings().enrollmentSettings().estRfc7030Settings();
        var c = est.clientCertificateSettings();
        auth.authenticate(d, est, new ClientCertificateValidator.Policy(c.validationCas(), c.chainLevelValidation(),
                c.allowExpired()), r, csr, cn, now());
    }

    private X509Certificate issueAndBind(Dms d, PKCS10CertificationRequest csr, String cn, boolean serverKey) {
        EnrollmentSettings e = d.settings().enrollmentSettings();
        if (e.verifyCsrSignature() && !serverKey) {
            Csrs.verify(csr);
        }
        Optional<Device> seen = device(cn);
        checkEnrollable(d, cn, seen);
        CertificateService.Issued issued = issue(d, csr);
        try {
            return bindEnrollment(d, cn, issued);
        } catch (LamassuException ex) {
            // Two first enrollments of one device raced to create it: the loser re-decides with the winner's device.
            if (ex.code().equals("DEVICE_ALREADY_EXISTS")) {
                return bindEnrollment(d, cn, issued);
            }
            throw ex;
        }
    }

    private X509Certificate bindEnrollment(Dms d, String cn, CertificateService.Issued issued) {
        EnrollmentSettings e = d.settings().enrollmentSettings();
        return platform.audit().execute("dms.enroll", "device", cn, () -> {
            Optional<Device> existing = device(cn);
            checkEnrollable(d, cn, existing);
            if (existing.isEmpty()) {
                DmsSettings.ProvisioningProfile p = e.deviceProvisioningProfile();
                Map<String, Object> metadata = new java.util.LinkedHashMap<>(p.metadata());
                devices.register(new RegisterDevice(cn, d.id(), p.tags(), metadata));
            }
            IdentitySlot before = existing.map(Device::identitySlot).orElse(null);
            String mode = before == null ? "PROVISIONED" : "RE-PROVISIONED";
            Certificate stored = ca.certificates().store(issued);
            BindIdentityResult bound = dms.bindIdentity(new BindIdentity(cn, stored.serialNumber(), mode), true);
            requireNoConcurrentBinding(bound, before, "EST_ALREADY_ENROLLED");
            platform.events().publish("dms.enroll", "dms/" + d.id(), enrollEvent(stored, d));
            return ClientCertificateValidator.x509(stored);
        });
    }

    /** Refusals that do not depend on the certificate: checked before signing and again in the transaction. */
    private static void checkEnrollable(Dms d, String cn, Optional<Device> existing) {
        EnrollmentSettings e = d.settings().enrollmentSettings();
        if (existing.isEmpty()) {
            if (e.registrationMode().equals("PRE_REGISTRATION")) {
                throw LamassuException.forbidden("EST_DEVICE_NOT_REGISTERED", "device '" + cn + "' is not"
                        + " registered, and DMS '" + d.id() + "' enrolls pre-registered devices only");
            }
            return;
        }
        Device dev = existing.get();
        if (!dev.dmsOwner().equals(d.id())) {
            throw LamassuException.forbidden("EST_DEVICE_OF_OTHER_DMS", "device '" + cn
                    + "' belongs to another DMS");
        }
        if (dev.status() == DeviceStatus.DECOMMISSIONED) {
            throw LamassuException.forbidden("EST_DEVICE_DECOMMISSIONED", "device '" + cn
                    + "' is decommissioned and can never enroll again");
        }
        if (dev.identitySlot() != null && !e.enableReplaceableEnrollment()) {
            throw LamassuException.forbidden("EST_ALREADY_ENROLLED", "device '" + cn + "' is already enrolled;"
                    + " renew its certificate with simplereenroll (DMS '" + d.id()
                    + "' does not allow replacing an enrollment)");
        }
    }

    /**
     * The binding locked the device row: if another enrollment bound in between (the checks above
     * ran on an unlocked read), its version is not the one this request saw, so it loses.
     */
    private static void requireNoConcurrentBinding(BindIdentityResult bound, IdentitySlot before, String code) {
        int expected = before == null ? 0 : before.activeVersion() + 1;
        if (bound.device().identitySlot().activeVersion() != expected) {
            throw LamassuException.conflict(code, "device '" + bound.device().id() + "' was enrolled by a"
                    + " concurrent request; retry");
        }
    }

    // ---- re-enrollment (RFC 7030 §4.2.2) ----

    Enrolled reenroll(EstRequest r) {
        Dms d = find(r.dmsId());
        PKCS10CertificationRequest csr = EstWire.csr(r.body());
        String cn = deviceId(csr);
        if (r.clientChain().isEmpty()) {
            throw LamassuException.unauthorized("EST_CLIENT_CERTIFICATE_REQUIRED", "re-enrollment authenticates"
                    + " with the device's current certificate in the TLS handshake; none was presented");
        }
        ReenrollmentSettings rs = d.settings().reenrollmentSettings();
        Device device = device(cn).filter(x -> x.dmsOwner().equals(d.id())).orElseThrow(() ->
                LamassuException.forbidden("EST_DEVICE_NOT_ENROLLED", "device '" + cn + "' is not enrolled in DMS '"
                        + d.id() + "'; use simpleenroll"));
        if (device.status() == DeviceStatus.DECOMMISSIONED) {
            throw LamassuException.forbidden("EST_DEVICE_DECOMMISSIONED", "device '" + cn
                    + "' is decommissioned and can never enroll again");
        }
        IdentitySlot slot = device.identitySlot();
        if (slot == null) {
            throw LamassuException.forbidden("EST_DEVICE_NOT_ENROLLED", "device '" + cn
                    + "' has no identity yet; use simpleenroll");
        }
        Certificate current = currentIdentity(r.clientChain().get(0), slot);
        Instant now = now();
        requireRenewable(current, rs, now);
        if (!sameSubject(csr.getSubject(), r.clientChain().get(0))) {
            throw LamassuException.forbidden("EST_SUBJECT_MISMATCH", "a re-enrollment CSR must carry the subject of"
                    + " the certificate being renewed (RFC 7030 §4.2.2)");
        }
        DmsSettings.EstSettings est = rs.estRfc7030Settings();
        List<String> cas = EstAuthenticator.union(List.of(d.settings().enrollmentSettings().enrollmentCa()),
                EstAuthenticator.union(est.clientCertificateSettings().validationCas(), rs.additionalValidationCas()));
        ClientCertificateValidator.Policy policy = new ClientCertificateValidator.Policy(cas,
                est.clientCertificateSettings().chainLevelValidation(), rs.enableExpiredRenewal());
        auth.authenticate(d, est, policy, r, csr, cn, now);
        if (d.settings().enrollmentSettings().verifyCsrSignature()) {
            Csrs.verify(csr);
        }
        CertificateService.Issued issued = issue(d, csr);
        return new Enrolled(platform.audit().execute("dms.reenroll", "device", cn, () -> {
            Certificate stored = ca.certificates().store(issued);
            BindIdentityResult bound = dms.bindIdentity(new BindIdentity(cn, stored.serialNumber(), "RENEWED"),
                    rs.revokeOnReenrollment());
            requireNoConcurrentBinding(bound, slot, "EST_CONCURRENT_REENROLLMENT");
            platform.events().publish("dms.reenroll", "dms/" + d.id(), enrollEvent(stored, d));
            return ClientCertificateValidator.x509(stored);
        }), null);
    }

    /** The presented leaf must be the certificate in the device's identity slot, byte for byte. */
    private Certificate currentIdentity(X509Certificate leaf, IdentitySlot slot) {
        String serial = io.lamassu.crypto.SerialNumbers.format(leaf.getSerialNumber());
        Optional<Certificate> known = serial.equals(slot.serialNumber()) ? ca.certificates().find(serial)
                : Optional.empty();
        if (known.isEmpty() || !ClientCertificateValidator.x509(known.get()).equals(leaf)) {
            throw LamassuException.forbidden("EST_NOT_CURRENT_IDENTITY", "re-enrollment needs the device's current"
                    + " identity certificate in the TLS handshake; the one presented is not it");
        }
        return known.get();
    }

    private static void requireRenewable(Certificate current, ReenrollmentSettings rs, Instant now) {
        if (current.status() == io.lamassu.ca.CertificateStatus.REVOKED) {
            throw LamassuException.forbidden("EST_CERTIFICATE_REVOKED", "the certificate being renewed is revoked");
        }
        if (!now.isBefore(current.validTo()) && !rs.enableExpiredRenewal()) {
            throw LamassuException.forbidden("EST_CERTIFICATE_EXPIRED", "the certificate being renewed expired at "
                    + current.validTo() + " and DMS settings do not allow expired renewal");
        }
        Instant opens = current.validTo().minus(Durations.parse(rs.reenrollmentDelta()));
        if (now.isBefore(opens)) {
            throw LamassuException.forbidden("EST_REENROLLMENT_WINDOW_CLOSED", "re-enrollment opens at " + opens
                    + " (NotAfter " + current.validTo() + " minus reenrollment_delta " + rs.reenrollmentDelta() + ")");
        }
    }

    /** Byte-for-byte first (RFC 7030 §4.2.2), then BC's RFC 4518-style comparison of the names. */
    private static boolean sameSubject(X500Name csrSubject, X509Certificate leaf) {
        byte[] certSubject = leaf.getSubjectX500Principal().getEncoded();
        try {
            return java.util.Arrays.equals(csrSubject.getEncoded(), certSubject)
                    || csrSubject.equals(X500Name.getInstance(certSubject));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    // ---- shared ----

    private CertificateService.Issued issue(Dms d, PKCS10CertificationRequest csr) {
        DmsSettings s = d.settings();
        String caId = s.enrollmentSettings().enrollmentCa();
        if (caId.isEmpty()) {
            throw new LamassuException(ErrorKind.UNAVAILABLE, "EST_DMS_NOT_CONFIGURED", "DMS '" + d.id()
                    + "' has no enrollment CA (settings.enrollment_settings.enrollment_ca)");
        }
        if (!s.issuanceProfileId().isEmpty()) {
            return ca.certificates().issue(caId, csr, s.issuanceProfileId(), null);
        }
        return ca.certificates().issue(caId, csr, null, inlineProfile(s));
    }

    /** Upstream's resolution: issuance_profile_id, then the inline profile, then the enrollment CA's default. */
    private Optional<IssuanceProfile> profile(DmsSettings s) {
        try {
            if (!s.issuanceProfileId().isEmpty()) {
                return Optional.of(ca.profiles().get(s.issuanceProfileId()));
            }
            IssuanceProfile inline = inlineProfile(s);
            if (inline != null) {
                return Optional.of(inline);
            }
            String caId = s.enrollmentSettings().enrollmentCa();
            String id = caId.isEmpty() ? "" : ca.cas().get(caId).profileId();
            return id.isEmpty() ? Optional.empty() : Optional.of(ca.profiles().get(id));
        } catch (LamassuException e) {
            return Optional.empty();
        }
    }

    private static IssuanceProfile inlineProfile(DmsSettings s) {
        if (s.issuanceProfile() == null || s.issuanceProfile().isEmpty()) {
            return null;
        }
        try {
            return Json.MAPPER.convertValue(s.issuanceProfile(), IssuanceProfile.class);
        } catch (IllegalArgumentException e) {
            throw new LamassuException(ErrorKind.UNAVAILABLE, "EST_DMS_NOT_CONFIGURED",
                    "the DMS's inline issuance_profile is not a valid issuance profile");
        }
    }

    private Optional<CertificateAuthority> caCertificate(String id) {
        try {
            return Optional.of(ca.cas().get(id));
        } catch (LamassuException e) {
            return Optional.empty();
        }
    }

    /**
     * After a reissue with a new key, the CA's newest still-ACTIVE certificate of each earlier key
     * (after the current one, RFC 7030 §4.1.3's "old" certificates): devices must keep validating
     * certificates issued under the earlier key. Certificates of the current key are superseded.
     */
    private List<X509Certificate> earlierKeys(CertificateAuthority c) {
        Set<String> keys = new HashSet<>(List.of(c.certificate().subjectKeyId()));
        return ca.cas().previousCertificates(c.id()).stream()
                .filter(p -> p.status() == CertificateStatus.ACTIVE && keys.add(p.subjectKeyId()))
                .map(ClientCertificateValidator::x509).toList();
    }

    private static void addOnce(List<X509Certificate> out, X509Certificate c) {
        if (!out.contains(c)) {
            out.add(c);
        }
    }

    /** The device id is the CSR subject's CN (upstream-notes §2.4.1), under the device id rules. */
    static String deviceId(PKCS10CertificationRequest csr) {
        RDN[] cns = csr.getSubject().getRDNs(BCStyle.CN);
        if (cns.length != 1) {
            throw LamassuException.badRequest("EST_INVALID_CSR", "the CSR subject must hold exactly one common name"
                    + " (CN), the device id");
        }
        String cn = IETFUtils.valueToString(cns[0].getFirst().getValue());
        if (!RegisterDevice.ID.matcher(cn).matches()) {
            throw LamassuException.badRequest("EST_INVALID_CSR", "the CSR's CN must be a device id: 1-128"
                    + " characters of letters, digits, '.', '_', ':' or '-'");
        }
        return cn;
    }

    private Optional<Device> device(String id) {
        try {
            return Optional.of(devices.get(id));
        } catch (LamassuException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Dms find(String dmsId) {
        return dmsRepo.find(dmsId, false).orElseThrow(() -> LamassuException.notFound("EST_DMS_NOT_FOUND",
                "no DMS '" + dmsId + "' (the EST label is the DMS id)"));
    }

    private static Map<String, Object> enrollEvent(Certificate c, Dms d) {
        return Map.of("certificate", c.certificate(), "aps", d.id());
    }

    private Instant now() {
        return platform.clock().instant();
    }
}
