package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.RequestContext;
import io.lamassu.common.json.JsonPatches;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.Csrs;
import io.lamassu.crypto.SerialNumbers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** Certificates: signing CSRs, reading, status changes (revoke, hold, release), metadata, import, delete. */
public final class CertificateService {
    private final CaDependencies d;
    private final CaCertificates signing;
    private final StatusChanges changes;
    private final CaRevocation revocation;

    public CertificateService(CaDependencies d) {
        this.d = d;
        this.signing = new CaCertificates(d);
        this.changes = new StatusChanges(d);
        this.revocation = new CaRevocation(d, changes);
    }

    /** Registers a listener told of every status change inside its transaction (devices use it). */
    public void addStatusListener(CertificateStatusListener listener) {
        d.listeners().add(listener);
    }

    /**
     * Signs a CSR. The CSR's signature is verified before anything else (RFC 2986 proof of
     * possession); crypto runs outside the transaction, which only stores the result.
     */
    public Certificate sign(String caId, SignRequest r) {
        PKCS10CertificationRequest csr;
        try {
            csr = Csrs.parseAndVerify(r.csr());
        } catch (LamassuException e) {
            Audits.failure(d.audit(), "ca.sign.certificate", "ca", caId, e);
            throw e;
        }
        return sign(caId, csr, r.profileId(), r.profile());
    }

    /** For other contexts that already parsed and verified the CSR. */
    public Certificate sign(String caId, PKCS10CertificationRequest csr, String profileId, IssuanceProfile inline) {
        return store(issue(caId, csr, profileId, inline));
    }

    /**
     * The crypto half of {@link #sign}: resolves the profile, checks the CA can sign and signs,
     * storing nothing. EST enrollment signs outside its transaction and then calls
     * {@link #store} inside it, so that issuance and identity binding commit together.
     */
    public Issued issue(String caId, PKCS10CertificationRequest csr, String profileId, IssuanceProfile inline) {
        Certificate cert;
        X509CertificateHolder x509;
        String usedProfile;
        try {
            CertificateAuthority ca = d.cas().find(caId).orElseThrow(() -> CaService.notFound(caId));
            IssuanceProfile profile = resolveProfile(ca, profileId, inline);
            // An inline profile is the request's own: counted under "" rather than a client-chosen tag.
            usedProfile = inline != null || profile.id() == null ? "" : profile.id();
            requireAdminForCaCertificates(profile);
            Instant now = d.clock().instant();
            signing.requireCanSign(ca, now);
            ProfileRules.Decision dec = ProfileRules.decide(profile, csr, now);
            long t0 = System.nanoTime();
            x509 = signing.issue(ca, dec, csr.getSubjectPublicKeyInfo());
            d.metrics().signed(ca.id(), System.nanoTime() - t0);
            // A CSR's key belongs to the requester, so the KMS holds no private key for it: upstream's
            // per-issuance KMS lookup (MANAGED when it does) is skipped on this hot path.
            cert = CertificateRecords.of(x509, new IssuerMetadata(ca.serialNumber(), ca.id(), ca.level()),
                    CertificateType.IMPORTED_WITHOUT_KEY, "", now);
        } catch (LamassuException e) {
            Audits.failure(d.audit(), "ca.sign.certificate", "ca", caId, e);
            throw e;
        }
        return new Issued(cert, caId, usedProfile);
    }

    /** A signed, not yet stored certificate; {@code profileId} is "" for an inline profile (metrics tag). */
    public record Issued(Certificate certificate, String caId, String profileId) {
    }

    /** Stores a certificate from {@link #issue} with its event; joins the caller's transaction. */
    public Certificate store(Issued issued) {
        Certificate cert = issued.certificate();
        String caId = issued.caId();
        String usedProfile = issued.profileId();
        return d.audit().execute("ca.sign.certificate", "certificate", cert.serialNumber(), () -> {
            // Upstream returns but does not store CA certificates signed here; CAs are created through /cas.
            if (!cert.isCa() && !d.certificates().insert(cert)) {
                throw LamassuException.conflict("CERTIFICATE_ALREADY_EXISTS", "serial collision; retry");
            }
            d.events().publish("ca.sign.certificate", "certificate/" + cert.serialNumber(), cert);
            d.metrics().issued(caId, usedProfile);
            return cert;
        });
    }

    /** Signing a sub-CA certificate creates a CA: that is admin work, not an operator's (design §2 roles). */
    private static void requireAdminForCaCertificates(IssuanceProfile profile) {
        if (profile.signAsCa() && !isAdmin()) {
            throw LamassuException.forbidden("FORBIDDEN", "signing with a sign_as_ca profile needs the admin role");
        }
    }

    private static boolean isAdmin() {
        return RequestContext.current().actor().roles().contains("ADMIN");
    }

    /** Upstream precedence: inline profile → profile_id → the CA's default profile. */
    private IssuanceProfile resolveProfile(CertificateAuthority ca, String profileId, IssuanceProfile inline) {
        if (inline != null) {
            return inline.validated("");
        }
        String id = CaService.blankToNull(profileId) != null ? profileId : CaService.blankToNull(ca.profileId());
        if (id == null) {
            throw LamassuException.badRequest("PROFILE_REQUIRED", "CA " + ca.id() + " has no default profile;"
                    + " send profile_id or profile");
        }
        return d.profiles().find(id).orElseThrow(() -> ProfileService.notFound(id));
    }

    public Certificate get(String serial) {
        String sn = SerialNumbers.normalize(serial);
        return d.certificates().find(sn).orElseThrow(() -> LamassuException.notFound("CERTIFICATE_NOT_FOUND",
                "certificate " + sn + " not found"));
    }

    /**
     * {@code GET /cas/{id}/certificates/{sn}}: the certificate only if that CA issued it (the CA's
     * own certificate is not one of its issued certificates, as in {@link #listByCa}); an unknown CA
     * is 404 CA_NOT_FOUND, a certificate of another CA 404 CERTIFICATE_NOT_FOUND.
     */
    public Certificate getIssuedBy(String caId, String serial) {
        CertificateAuthority ca = d.cas().find(caId).orElseThrow(() -> CaService.notFound(caId));
        Certificate c = get(serial);
        if (c.issuerMetadata() == null || !caId.equals(c.issuerMetadata().id())
                || ownSerials(ca).contains(c.serialNumber())) {
            throw LamassuException.notFound("CERTIFICATE_NOT_FOUND", "certificate " + c.serialNumber()
                    + " was not issued by CA " + caId);
        }
        return c;
    }

    /** For other contexts: absence is an answer, not an error. Any serial form is accepted. */
    public Optional<Certificate> find(String serial) {
        return d.certificates().find(SerialNumbers.normalize(serial));
    }

    /**
     * The status columns of a certificate, for the validation authority's hot path: no body is
     * parsed. {@code serialHex} must already be in canonical form (lowercase hex, even length).
     */
    public Optional<CertificateState> state(String serialHex) {
        return d.certificates().findState(serialHex);
    }

    /** Streams the REVOKED certificates issued by any of the CAs (for CRLs); see the repository. */
    public void forEachRevoked(java.util.Collection<String> caIds, java.util.function.Consumer<CertificateState> sink) {
        d.certificates().forEachRevoked(caIds, sink);
    }

    public Page<Certificate> list(ListQuery q) {
        return d.certificates().list(q);
    }

    /** Certificates issued by the CA (its own certificate excluded). */
    public Page<Certificate> listByCa(String caId, ListQuery q) {
        d.cas().find(caId).orElseThrow(() -> CaService.notFound(caId));
        // One NOT EXISTS, not a "serial <> ?" per reissue: SQLite's expression depth is bounded (1000).
        return d.certificates().listIssued(q.withFilters(List.of(filter("issuer_meta.id", "eq", caId))));
    }

    /**
     * The CA's own certificates, current and replaced by reissues: a root's earlier self-signed
     * certificates name the CA as issuer but are not certificates it issued.
     */
    private List<String> ownSerials(CertificateAuthority ca) {
        List<String> out = new ArrayList<>(List.of(ca.serialNumber()));
        d.cas().previousCertificates(ca.id()).forEach(c -> out.add(c.serialNumber()));
        return out;
    }

    public Page<Certificate> listByStatus(String status, ListQuery q) {
        return list(q.withFilters(List.of(filter("status", "eq", status))));
    }

    /** Not yet EXPIRED/REVOKED certificates with valid_to inside (after, before). */
    public Page<Certificate> listExpiring(String after, String before, ListQuery q) {
        List<Filter> fs = new ArrayList<>();
        fs.add(filter("status", "in", "ACTIVE,INACTIVE"));
        if (after != null && !after.isBlank()) {
            fs.add(filter("valid_to", "af", after));
        }
        if (before != null && !before.isBlank()) {
            fs.add(filter("valid_to", "bf", before));
        }
        return list(q.withFilters(fs));
    }

    private static Filter filter(String field, String op, String value) {
        return QueryParser.filter(CaFields.CERTIFICATE.get(field), op, value);
    }

    /**
     * Status of one certificate. A CA's own certificate changes through the CA (subtree
     * semantics) and needs the admin role, as CA status changes do.
     */
    public Certificate updateStatus(String serial, StatusRequest r) {
        CertificateStatus to = StatusTransitions.parseRequested(r.status());
        RevocationReason reason = StatusTransitions.parseReason(r.revocationReason());
        String sn = SerialNumbers.normalize(serial);
        return d.audit().execute("certificate.status.update", "certificate", sn, () -> {
            Certificate current = get(sn);
            if (current.isCa()) {
                return caCertificateStatus(current, to, reason);
            }
            return changes.transition(current, to, reason);
        });
    }

    /**
     * A CA's current certificate changes through the CA (subtree semantics); an earlier one, replaced
     * by a reissue, changes alone, with what chains only to it (ADR 0530, {@link CaRevocation}).
     */
    private Certificate caCertificateStatus(Certificate current, CertificateStatus to, RevocationReason reason) {
        if (!isAdmin()) {
            throw LamassuException.forbidden("FORBIDDEN",
                    "changing a CA certificate's status needs the admin role (POST /cas/{id}/status)");
        }
        String caId = d.cas().ownerOf(current.serialNumber())
                .orElseThrow(() -> CaService.notFound(current.issuerMetadata().id()));
        d.cas().lock(caId);
        CertificateAuthority ca = d.cas().find(caId).orElseThrow(() -> CaService.notFound(caId));
        if (!ca.serialNumber().equals(current.serialNumber())) {
            return revocation.changeEarlierStatus(ca, get(current.serialNumber()), to, reason);
        }
        return revocation.changeStatus(ca, to, reason).certificate();
    }

    public Certificate updateMetadata(String serial, List<JsonPatches.PatchOp> ops) {
        return metadata(serial, c -> JsonPatches.apply(c.metadata(), ops));
    }

    /** Any of the three wire forms (design §2). */
    public Certificate updateMetadata(String serial, io.lamassu.common.json.MetadataUpdate update) {
        return metadata(serial, c -> update.applyTo(c.metadata()));
    }

    public Certificate replaceMetadata(String serial, Map<String, Object> m) {
        return metadata(serial, c -> m);
    }

    public Certificate mergeMetadata(String serial, Map<String, Object> patch) {
        return metadata(serial, c -> JsonPatches.merge(c.metadata(), patch));
    }

    private Certificate metadata(String serial, Function<Certificate, Map<String, Object>> change) {
        String sn = SerialNumbers.normalize(serial);
        return d.audit().execute("certificate.metadata.update", "certificate", sn, () -> {
            Certificate previous = get(sn);
            Certificate updated = previous.withMetadata(change.apply(previous));
            d.certificates().updateMetadata(sn, updated.metadata());
            d.events().publishUpdate("certificate.metadata.update", "certificate/" + sn, previous, updated);
            return updated;
        });
    }

    /** Imports a certificate issued elsewhere (or by a CA known here: then it is linked to it). */
    public Certificate importCertificate(ImportCertificateRequest r) {
        X509CertificateHolder x509 = Certificates.parse(r.certificate(), "INVALID_CERTIFICATE");
        String sn = Certificates.serial(x509);
        IssuerMetadata issuer = d.cas().findBySubjectKeyId(Certificates.authorityKeyId(x509)).stream()
                .filter(ca -> Certificates.isSignedBy(x509, CaCertificates.x509(ca.certificate())
                        .getSubjectPublicKeyInfo()))
                .findFirst().map(ca -> new IssuerMetadata(ca.serialNumber(), ca.id(), ca.level()))
                .orElse(IssuerMetadata.unknown(sn));
        Certificate cert = CertificateRecords.of(x509, issuer, CertificateType.IMPORTED_WITHOUT_KEY, "",
                d.clock().instant()).withMetadata(r.metadata());
        return d.audit().execute("certificate.import", "certificate", sn, () -> {
            if (!d.certificates().insert(cert)) {
                throw LamassuException.conflict("CERTIFICATE_ALREADY_EXISTS", "certificate " + sn + " already exists");
            }
            // Subject uses the hex serial like every other certificate event (upstream used decimal here).
            d.events().publish("certificate.import", "certificate/" + sn, cert);
            return cert;
        });
    }

    /** Allowed only once the issuing CA is gone (upstream: "cannot delete certificate: issuer CA still exists"). */
    public void delete(String serial) {
        String sn = SerialNumbers.normalize(serial);
        d.audit().run("certificate.delete", "certificate", sn, () -> {
            Certificate c = get(sn);
            if (d.cas().find(c.issuerMetadata().id()).isPresent() || c.isCa()) {
                throw LamassuException.conflict("ISSUER_CA_EXISTS", "cannot delete certificate " + sn
                        + ": its issuer CA still exists (revoke it instead)");
            }
            d.certificates().delete(sn);
            d.events().publish("certificate.delete", "certificate/" + sn, Map.of("SerialNumber", sn));
        });
    }
}
