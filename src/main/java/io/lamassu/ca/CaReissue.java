package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import io.lamassu.crypto.Certificates;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CA rotation (upstream ReissueCA, ADR 0530): a new certificate for the same CA id and subject,
 * self-signed for a root, signed by the parent for a subordinate; with the same key or, when
 * asked, a new one. The earlier certificate stays stored and joins the CA's history, so what it
 * issued keeps a verifiable chain, CRL and OCSP answers. Everything that can refuse is checked
 * before a key is generated; a new key is written in the transaction that stores the certificate,
 * so a failed or lost reissue leaves no key behind.
 */
final class CaReissue {
    static final String REISSUED_AS = "lamassu.io/ca/reissued-as";
    static final String REISSUED_AT = "lamassu.io/ca/reissued-at";
    static final String REISSUED_FROM = "lamassu.io/ca/reissued-from";
    static final String REISSUE_REASON = "lamassu.io/ca/reissue-reason";
    private static final Logger LOG = LoggerFactory.getLogger(CaReissue.class);
    private final CaDependencies d;
    private final CaCertificates signing;
    private final CaService cas;

    CaReissue(CaDependencies d, CaService cas) {
        this.d = d;
        this.signing = new CaCertificates(d);
        this.cas = cas;
    }

    CertificateAuthority reissue(String id, ReissueCaRequest request) {
        ReissueCaRequest r = request == null ? ReissueCaRequest.DEFAULTS : request;
        CertificateAuthority ca = cas.get(id);
        Instant now = d.clock().instant();
        signing.requireCanSign(ca, now);
        Optional<CertificateAuthority> parent = parent(ca);
        parent.ifPresent(p -> signing.requireCanSign(p, now));
        X509CertificateHolder current = CaCertificates.x509(ca.certificate());
        ProfileRules.Decision dec = decision(ca, current, r, now);
        Optional<CaKeys.NewKey> newKey = r.rotatesKey() ? Optional.of(generate(ca, r)) : Optional.empty();
        CaKeys.KeyRef key = newKey.map(CaKeys.NewKey::ref).orElseGet(() -> currentKey(ca));
        // An unchanged key keeps its SKI (an imported CA's may be a SHA-1 one, RFC 5280 §4.2.1.2 method 1).
        byte[] ski = newKey.isPresent() ? Certificates.keyIdBytes(key.publicKey())
                : HexFormat.of().parseHex(ca.certificate().subjectKeyId());
        X509CertificateHolder x509;
        if (parent.isPresent()) {
            x509 = signing.issue(parent.get(), dec, key.publicKey(), ski);
        } else {
            ContentSigner signer = newKey.map(CaKeys.NewKey::signer).orElseGet(() -> d.keys().signer(key.keyId()));
            x509 = signing.selfSign(key, signer, current.getSubject(), dec, ski);
        }
        IssuerMetadata issuer = parent.map(p -> new IssuerMetadata(p.serialNumber(), p.id(), p.level()))
                .orElse(new IssuerMetadata(Certificates.serial(x509), id, 0));
        CertificateType type = newKey.isPresent() ? CertificateType.MANAGED : ca.certificate().type();
        Certificate cert = CertificateRecords.of(x509, issuer, type, key.engineId(), now)
                .withMetadata(Map.of(REISSUED_FROM, ca.serialNumber(), REISSUE_REASON, "certificate-reissuance"));
        return d.audit().execute("ca.reissue", "ca", id, () -> commit(ca, parent, cert, key, newKey));
    }

    /**
     * In the transaction: the CA (and its parent) are locked, parent first as status changes do, and
     * checked again, since a revocation or hold may have committed while the key was generated and
     * the certificate signed; without this a reissue would bring a revoked CA back to ACTIVE.
     */
    private CertificateAuthority commit(CertificateAuthority seen, Optional<CertificateAuthority> seenParent,
                                        Certificate cert, CaKeys.KeyRef key, Optional<CaKeys.NewKey> newKey) {
        Instant now = d.clock().instant();
        seenParent.ifPresent(p -> d.cas().lock(p.id()));
        d.cas().lock(seen.id());
        CertificateAuthority previous = cas.get(seen.id());
        signing.requireCanSign(previous, now);
        if (seenParent.isPresent()) {
            CertificateAuthority parent = cas.get(seenParent.get().id());
            signing.requireCanSign(parent, now);
            if (!parent.serialNumber().equals(seenParent.get().serialNumber())) {
                throw changedConcurrently(seen.id());
            }
        }
        if (!previous.serialNumber().equals(seen.serialNumber()) || !d.certificates().insert(cert)
                || !d.cas().replaceCertificate(seen.id(), previous.certificate(), cert.serialNumber(), now)) {
            throw changedConcurrently(seen.id());
        }
        Map<String, Object> oldMetadata = new LinkedHashMap<>(previous.certificate().metadata());
        oldMetadata.put(REISSUED_AS, cert.serialNumber());
        oldMetadata.put(REISSUED_AT, now.toString());
        d.certificates().updateMetadata(previous.serialNumber(), oldMetadata);
        newKey.ifPresent(d.keys()::store);
        d.keys().bind(key.keyId(), seen.id());
        CertificateAuthority updated = new CertificateAuthority(previous.id(), cert.serialNumber(), cert,
                previous.metadata(), previous.creationTs(), previous.level(), previous.profileId());
        d.events().publishUpdate("ca.reissue", "ca/" + seen.id(), previous, updated);
        d.caListeners().forEach(l -> l.onReissued(previous, updated));
        LOG.info("CA {} reissued: certificate serial {} replaces {}, key {}{}", seen.id(), cert.serialNumber(),
                previous.serialNumber(), key.keyId(), newKey.isPresent() ? " (new)" : "");
        return updated;
    }

    private static LamassuException changedConcurrently(String id) {
        return LamassuException.conflict("CA_CHANGED_CONCURRENTLY",
                "CA " + id + " was changed by another request meanwhile; read it and try again");
    }

    /** A subordinate is re-signed by its parent; a root (or a CA whose issuer is not managed here) by itself. */
    private Optional<CertificateAuthority> parent(CertificateAuthority ca) {
        String parentId = ca.certificate().issuerMetadata().id();
        if (ca.level() == 0 || parentId == null || parentId.equals(ca.id())) {
            if (!Certificates.isSelfSigned(CaCertificates.x509(ca.certificate()))) {
                throw LamassuException.conflict("CA_ISSUER_NOT_MANAGED", "CA " + ca.id() + " was issued by a CA"
                        + " that is not managed here; have its issuer sign a new certificate and import it");
            }
            return Optional.empty();
        }
        return Optional.of(cas.get(parentId));
    }

    /**
     * Upstream precedence: inline profile → profile_id → the built-in CA profile; the validity is
     * ca_expiration, else the profile's (a given profile), else the current certificate's lifetime.
     */
    private ProfileRules.Decision decision(CertificateAuthority ca, X509CertificateHolder current,
                                           ReissueCaRequest r, Instant now) {
        IssuanceProfile profile = profile(r);
        IssuanceProfile.Validity validity = r.caExpiration() != null ? r.caExpiration().validated()
                : profile != null ? profile.validity() : null;
        Instant notAfter = validity != null ? validity.notAfter(now) : sameLifetime(ca.certificate(), now);
        if (!notAfter.isAfter(now)) {
            throw LamassuException.badRequest("INVALID_VALIDITY", "ca_expiration is in the past");
        }
        IssuanceProfile p = profile != null ? profile : IssuanceProfile.forCaCertificate(null);
        return new ProfileRules.Decision(current.getSubject(), p.keyUsage(), p.extendedKeyUsages(), null, true, now,
                notAfter);
    }

    private IssuanceProfile profile(ReissueCaRequest r) {
        IssuanceProfile p;
        if (r.profile() != null) {
            p = r.profile().validated("");
        } else if (CaService.blankToNull(r.profileId()) != null) {
            p = d.profiles().find(r.profileId()).orElseThrow(() -> ProfileService.notFound(r.profileId()));
        } else {
            return null;
        }
        if (!p.signAsCa()) {
            throw LamassuException.badRequest("PROFILE_NOT_FOR_CA",
                    "the CA certificate's issuance profile must have sign_as_ca=true");
        }
        return p;
    }

    private static Instant sameLifetime(Certificate c, Instant now) {
        Duration lifetime = Duration.between(c.validFrom(), c.validTo());
        Instant latest = IssuanceProfile.Validity.LATEST;
        return lifetime.compareTo(Duration.between(now, latest)) >= 0 ? latest : now.plus(lifetime);
    }

    /** The new key: key_metadata, else the current key's type and size; engine_id, else the current engine. */
    private CaKeys.NewKey generate(CertificateAuthority ca, ReissueCaRequest r) {
        CreateCaRequest.KeyMetadata spec = r.keyMetadata() != null ? r.keyMetadata()
                : new CreateCaRequest.KeyMetadata(ca.certificate().keyMetadata().type(),
                        ca.certificate().keyMetadata().bits(), null);
        spec.validate();
        String engine = CaService.blankToNull(r.engineId()) != null ? r.engineId() : ca.certificate().engineId();
        return d.keys().generate(spec.type(), spec.bits(), engine, "Key For CA CN="
                + ca.certificate().subject().commonName());
    }

    private CaKeys.KeyRef currentKey(CertificateAuthority ca) {
        String keyId = CaCertificates.keyId(ca);
        return d.keys().find(keyId).orElseThrow(() -> LamassuException.conflict("CA_HAS_NO_KEY",
                "the KMS no longer holds the key " + keyId + " of CA " + ca.id()));
    }
}
