package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.json.JsonPatches;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import io.lamassu.crypto.Certificates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Certification authorities: create (root or subordinate), import, read, metadata, profile, status, delete. */
public final class CaService {
    private static final Logger LOG = LoggerFactory.getLogger(CaService.class);
    private final CaDependencies d;
    private final CaCertificates signing;
    private final StatusChanges changes;
    private final CaRevocation revocation;
    private final OcspResponderService responders;

    public CaService(CaDependencies d) {
        this.d = d;
        this.responders = new OcspResponderService(d);
        this.signing = new CaCertificates(d);
        this.changes = new StatusChanges(d);
        this.revocation = new CaRevocation(d, changes);
    }

    /**
     * The key is generated and the certificate signed before the transaction; the key row, its
     * binding, the certificate and the CA then commit together. A request that loses a race for
     * the id, fails, or dies before the commit leaves no key behind (issue 7, defect 5).
     */
    public CertificateAuthority create(CreateCaRequest r) {
        String id = idOrNew(r.id());
        CaPlan plan = plan(id, r);
        Optional<CaKeys.NewKey> newKey = r.keyMetadata().reuse() ? Optional.empty()
                : Optional.of(d.keys().generate(r.keyMetadata().type(), r.keyMetadata().bits(), r.engineId(),
                        "Key For CA CN=" + r.subject().commonName()));
        CaKeys.KeyRef key = newKey.map(CaKeys.NewKey::ref).orElseGet(() -> existingKey(r.keyMetadata().keyId()));
        X509CertificateHolder x509 = sign(plan, key, newKey);
        Certificate cert = CertificateRecords.of(x509, plan.issuerMetadata(Certificates.serial(x509), id),
                CertificateType.MANAGED, key.engineId(), d.clock().instant());
        CertificateAuthority ca = new CertificateAuthority(id, cert.serialNumber(), cert, r.metadata(),
                d.clock().instant(), plan.level(), r.profileId());
        return d.audit().execute("ca.create", "ca", id, () -> {
            insert(ca, plan.parent().map(CertificateAuthority::id).orElse(null));
            newKey.ifPresent(d.keys()::store);
            d.keys().bind(key.keyId(), id);
            d.events().publish("ca.create", "ca/" + id, ca);
            d.caListeners().forEach(l -> l.onCreated(ca));
            // Inside the transaction (on SQLite possibly on the writer thread): the MDC carries the request.
            LOG.info("CA {} created: level {}, certificate serial {}, key {}", id, ca.level(), ca.serialNumber(),
                    key.keyId());
            return ca;
        });
    }

    private CaKeys.KeyRef existingKey(String keyId) {
        return d.keys().find(keyId).orElseThrow(() -> LamassuException.notFound("KEY_NOT_FOUND",
                "KMS key " + keyId + " not found"));
    }

    /** Everything decided before a key is created, so bad input never leaves a key behind. */
    private record CaPlan(X500Name subject, ProfileRules.Decision decision, Optional<CertificateAuthority> parent,
                          int level) {
        IssuerMetadata issuerMetadata(String ownSerial, String ownId) {
            return parent.map(p -> new IssuerMetadata(p.serialNumber(), p.id(), p.level()))
                    .orElse(new IssuerMetadata(ownSerial, ownId, 0));
        }
    }

    private CaPlan plan(String id, CreateCaRequest r) {
        if (r.subject() == null || r.subject().commonName().isBlank()) {
            throw LamassuException.badRequest("INVALID_SUBJECT", "subject.common_name is required");
        }
        if (r.keyMetadata() == null) {
            throw LamassuException.badRequest("INVALID_KEY_SPEC", "key_metadata is required");
        }
        r.keyMetadata().validate();
        if (r.caExpiration() == null) {
            throw LamassuException.badRequest("INVALID_VALIDITY", "ca_expiration is required");
        }
        IssuanceProfile.Validity validity = r.caExpiration().validated();
        requireProfile(r.profileId());
        IssuanceProfile caProfile = caProfile(r, validity);
        if (isKnown(id)) {
            throw exists(id);
        }
        Optional<CertificateAuthority> parent = Optional.ofNullable(blankToNull(r.parentId())).map(this::get);
        Instant now = d.clock().instant();
        parent.ifPresent(p -> signing.requireCanSign(p, now));
        X500Name subject = r.subject().toX500Name();
        ProfileRules.Decision dec = new ProfileRules.Decision(subject, caProfile.keyUsage(),
                caProfile.extendedKeyUsages(), null, true, now, caProfile.validity().notAfter(now));
        if (!dec.notAfter().isAfter(now)) {
            throw LamassuException.badRequest("INVALID_VALIDITY", "ca_expiration is in the past");
        }
        return new CaPlan(subject, dec, parent, parent.map(p -> p.level() + 1).orElse(0));
    }

    /** Upstream precedence: inline ca_issuance_profile → ca_issuance_profile_id → built-in CA profile. */
    private IssuanceProfile caProfile(CreateCaRequest r, IssuanceProfile.Validity validity) {
        IssuanceProfile p;
        if (r.caIssuanceProfile() != null) {
            p = r.caIssuanceProfile().validated("");
        } else if (blankToNull(r.caIssuanceProfileId()) != null) {
            p = d.profiles().find(r.caIssuanceProfileId())
                    .orElseThrow(() -> ProfileService.notFound(r.caIssuanceProfileId()));
        } else {
            return IssuanceProfile.forCaCertificate(validity);
        }
        if (!p.signAsCa()) {
            throw LamassuException.badRequest("PROFILE_NOT_FOR_CA",
                    "the CA certificate's issuance profile must have sign_as_ca=true");
        }
        return p;
    }

    private X509CertificateHolder sign(CaPlan plan, CaKeys.KeyRef key, Optional<CaKeys.NewKey> newKey) {
        if (plan.parent().isPresent()) {
            return signing.issue(plan.parent().get(), plan.decision(), key.publicKey());
        }
        ContentSigner signer = newKey.map(CaKeys.NewKey::signer).orElseGet(() -> d.keys().signer(key.keyId()));
        return signing.selfSign(key, signer, plan.subject(), plan.decision());
    }

    private void insert(CertificateAuthority ca, String parentId) {
        if (!d.certificates().insert(ca.certificate())) {
            throw LamassuException.conflict("CERTIFICATE_ALREADY_EXISTS",
                    "a certificate with serial " + ca.serialNumber() + " already exists");
        }
        if (!d.cas().insert(ca, parentId)) {
            throw exists(ca.id());
        }
    }

    /** Registers a listener told of every CA created or imported, inside its transaction (the VA uses it). */
    public void addCaListener(CertificateAuthorityListener listener) {
        d.caListeners().add(listener);
    }

    /**
     * Every CA whose key the KMS may hold, i.e. every CA that can sign CRLs and OCSP responses;
     * a CA whose key a reissue replaced is also listed once per earlier key, as a view holding
     * its newest certificate for that key (what it issued under that key is answered for with it).
     */
    public List<CertificateAuthority> signingCas() {
        List<CertificateAuthority> out = new ArrayList<>(d.cas().withKeys());
        Map<String, CertificateAuthority> byId = new HashMap<>();
        out.forEach(ca -> byId.put(ca.id(), ca));
        Set<String> keys = new HashSet<>();
        out.forEach(ca -> keys.add(ca.id() + "/" + ca.certificate().subjectKeyId()));
        for (CaRepository.Previous p : d.cas().previousCertificates()) {
            CertificateAuthority ca = byId.get(p.caId());
            if (ca != null && keys.add(ca.id() + "/" + p.certificate().subjectKeyId())) {
                out.add(ca.withCertificate(p.certificate()));
            }
        }
        return out;
    }

    /** The CA's earlier certificates, replaced by reissues, newest first. */
    public List<Certificate> previousCertificates(String id) {
        get(id);
        return d.cas().previousCertificates(id);
    }

    /**
     * A new certificate for the CA, same id and subject; same key unless {@code r} asks for a new
     * one (ADR 0530). 404 unknown CA, 409 a CA (or its parent) that cannot sign, 400 bad input.
     */
    public CertificateAuthority reissue(String id, ReissueCaRequest r) {
        return new CaReissue(d, this).reissue(id, r);
    }

    /** Signs with the CA's key (upstream's CA signature API); audited, event ca.sign.signature. */
    public String signWithKey(String id, SignatureRequest r) {
        CertificateAuthority ca = get(id);
        signing.requireCanSign(ca, d.clock().instant());
        String signature = d.keys().sign(CaCertificates.keyId(ca), requireBody(r));
        return d.audit().execute("ca.sign.signature", "ca", id, () -> {
            d.events().publish("ca.sign.signature", "ca/" + id, signature);
            return signature;
        });
    }

    /** Whether a signature verifies under the CA's current key; changes nothing. */
    public boolean verifyWithKey(String id, SignatureRequest r) {
        CertificateAuthority ca = get(id);
        if (ca.certificate().type() == CertificateType.IMPORTED_WITHOUT_KEY) {
            throw LamassuException.conflict("CA_HAS_NO_KEY", "CA " + id + " was imported without its private key");
        }
        return d.keys().verify(CaCertificates.keyId(ca), requireBody(r));
    }

    private static SignatureRequest requireBody(SignatureRequest r) {
        if (r == null) {
            throw LamassuException.badRequest("EMPTY_BODY", "request body is empty");
        }
        return r;
    }

    /** CAs whose certificate has this subject key id (lowercase hex). */
    public List<CertificateAuthority> findBySubjectKeyId(String ski) {
        return d.cas().findBySubjectKeyId(ski);
    }

    /**
     * A signer with the CA's key, for CRLs and OCSP responses; the caller uses it on one thread at a
     * time. 409 CA_HAS_NO_KEY for a CA imported without its key.
     */
    public ContentSigner signer(CertificateAuthority ca) {
        if (ca.certificate().type() == CertificateType.IMPORTED_WITHOUT_KEY) {
            throw LamassuException.conflict("CA_HAS_NO_KEY", "CA " + ca.id() + " was imported without its private key");
        }
        return d.keys().signer(CaCertificates.keyId(ca));
    }

    /** Delegated OCSP responder certificates and keys (RFC 6960 §4.2.2.2), for the validation authority. */
    public OcspResponderService ocspResponders() {
        return responders;
    }

    public CertificateAuthority get(String id) {
        return d.cas().find(id).orElseThrow(() -> notFound(id));
    }

    public boolean isKnown(String id) {
        return d.cas().find(id).isPresent();
    }

    /**
     * Whether the certificate was issued by one of {@code caIds} or by a CA below one of them
     * (checked by issuer name and signature at every link); false for an unknown serial.
     */
    public boolean isIssuedUnder(String serialNumber, java.util.Collection<String> caIds) {
        return d.certificates().find(io.lamassu.crypto.SerialNumbers.normalize(serialNumber))
                .map(c -> new IssuerChains(d).issuedUnder(c, caIds)).orElse(false);
    }

    public Page<CertificateAuthority> list(ListQuery q) {
        return d.cas().list(q);
    }

    public Page<CertificateAuthority> listByCommonName(String cn, ListQuery q) {
        return d.cas().list(q.withFilters(List.of(QueryParser.filter(CaFields.CA.get("subject.common_name"), "eq",
                cn))));
    }

    public CertificateAuthority updateMetadata(String id, List<JsonPatches.PatchOp> ops) {
        return metadata(id, ca -> JsonPatches.apply(ca.metadata(), ops));
    }

    /** Any of the three wire forms (design §2). */
    public CertificateAuthority updateMetadata(String id, io.lamassu.common.json.MetadataUpdate update) {
        return metadata(id, ca -> update.applyTo(ca.metadata()));
    }

    public CertificateAuthority replaceMetadata(String id, Map<String, Object> metadata) {
        return metadata(id, ca -> metadata);
    }

    public CertificateAuthority mergeMetadata(String id, Map<String, Object> patch) {
        return metadata(id, ca -> JsonPatches.merge(ca.metadata(), patch));
    }

    private CertificateAuthority metadata(String id, java.util.function.Function<CertificateAuthority,
            Map<String, Object>> change) {
        return d.audit().execute("ca.metadata.update", "ca", id, () -> {
            CertificateAuthority previous = get(id);
            CertificateAuthority updated = previous.withMetadata(change.apply(previous));
            d.cas().updateMetadata(id, updated.metadata());
            d.events().publishUpdate("ca.metadata.update", "ca/" + id, previous, updated);
            return updated;
        });
    }

    public CertificateAuthority updateProfile(String id, String profileId) {
        return d.audit().execute("ca.profile.update", "ca", id, () -> {
            CertificateAuthority previous = get(id);
            requireProfile(profileId);
            CertificateAuthority updated = previous.withProfile(profileId);
            d.cas().updateProfile(id, profileId);
            d.events().publishUpdate("ca.profile.update", "ca/" + id, previous, updated);
            return updated;
        });
    }

    /** Revoking (other than CertificateHold) revokes the whole subtree in the same transaction. */
    public CertificateAuthority updateStatus(String id, StatusRequest r) {
        CertificateStatus to = StatusTransitions.parseRequested(r.status());
        RevocationReason reason = StatusTransitions.parseReason(r.revocationReason());
        return d.audit().execute("ca.status.update", "ca", id, () -> {
            d.cas().lock(id);
            CertificateAuthority changed = revocation.changeStatus(get(id), to, reason);
            LOG.info("CA {} status set to {} (reason {})", id, to, reason);
            return changed;
        });
    }

    /**
     * Only EXPIRED or REVOKED CAs, or validation-only ones (IMPORTED_WITHOUT_KEY), may be deleted
     * (upstream §2.1). Cascade delete is never done, whatever the request says (ADR 0520): deleting
     * issued certificates would erase what OCSP, CRLs, devices and audits still refer to, so this
     * server has no setting that enables it and answers 403 with that reason.
     */
    public void delete(String id, boolean cascade) {
        if (cascade) {
            throw LamassuException.forbidden("CASCADE_DELETE_NOT_ALLOWED", "cascade_delete is not supported: deleting"
                    + " a CA revokes its sub-CAs and issued certificates (CessationOfOperation) and keeps them so that"
                    + " OCSP, CRLs and device histories still answer for them; delete without cascade_delete");
        }
        d.audit().run("ca.delete", "ca", id, () -> {
            CertificateAuthority ca = get(id);
            boolean deletable = ca.status() == CertificateStatus.EXPIRED || ca.status() == CertificateStatus.REVOKED
                    || ca.certificate().type() == CertificateType.IMPORTED_WITHOUT_KEY;
            if (!deletable) {
                throw LamassuException.conflict("CA_STATUS_INCONSISTENT",
                        "CA " + id + " is " + ca.status() + "; revoke it (or let it expire) before deleting it");
            }
            revocation.revokeSubtree(ca);
            List<Certificate> previous = d.cas().previousCertificates(id);
            d.cas().delete(id);
            d.keys().unbind(CaCertificates.keyId(ca), id);
            d.certificates().delete(ca.serialNumber());
            for (Certificate old : previous) {
                d.keys().unbind(Certificates.keyId(CaCertificates.x509(old).getSubjectPublicKeyInfo()), id);
                d.certificates().delete(old.serialNumber());
            }
            d.events().publish("ca.delete", "ca/" + id, Map.of("CAID", id, "CascadeDelete", false));
        });
    }

    /**
     * Start-up: binds every CA to its KMS key, so keys of CAs made before bindings existed cannot be
     * deleted either. Idempotent. Returns the ids of CAs whose key the KMS no longer holds.
     */
    public List<String> bindExistingKeys() {
        List<String> keyless = new java.util.ArrayList<>();
        for (CertificateAuthority ca : d.cas().withKeys()) {
            try {
                d.keys().bind(CaCertificates.keyId(ca), ca.id());
            } catch (LamassuException e) {
                if (e.kind() != io.lamassu.common.ErrorKind.NOT_FOUND) {
                    throw e;
                }
                keyless.add(ca.id());
            }
        }
        return keyless;
    }

    public CertificateAuthority importCa(ImportCaRequest r) {
        return new CaImports(d, this).importCa(r);
    }

    void requireProfile(String profileId) {
        if (profileId == null || profileId.isBlank()) {
            throw LamassuException.badRequest("PROFILE_REQUIRED", "profile_id is required");
        }
        if (d.profiles().find(profileId).isEmpty()) {
            throw ProfileService.notFound(profileId);
        }
    }

    static LamassuException notFound(String id) {
        return LamassuException.notFound("CA_NOT_FOUND", "CA " + id + " not found");
    }

    static LamassuException exists(String id) {
        return LamassuException.conflict("CA_ALREADY_EXISTS", "CA " + id + " already exists");
    }

    static String idOrNew(String id) {
        String out = id == null || id.isBlank() ? UUID.randomUUID().toString() : id;
        ProfileService.validateId(out);
        return out;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
