package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.PrivateKeys;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Importing an existing CA certificate, with its key (IMPORTED_WITH_KEY; the key must match the
 * certificate) or without (IMPORTED_WITHOUT_KEY, validation only; MANAGED when the KMS already
 * holds the key). The parent is found by AKI = parent SKI plus a signature check.
 */
final class CaImports {
    private final CaDependencies d;
    private final CaService cas;

    CaImports(CaDependencies d, CaService cas) {
        this.d = d;
        this.cas = cas;
    }

    CertificateAuthority importCa(ImportCaRequest r) {
        X509CertificateHolder x509 = Certificates.parse(r.ca(), "INVALID_CERTIFICATE");
        if (!Certificates.isCa(x509)) {
            throw LamassuException.badRequest("NOT_A_CA_CERTIFICATE",
                    "the certificate is not a CA certificate (basicConstraints CA:TRUE missing)");
        }
        String id = CaService.idOrNew(r.id());
        String profileId = CaService.blankToNull(r.profileId());
        if (profileId != null) {
            cas.requireProfile(profileId);
        }
        SubjectPublicKeyInfo spki = x509.getSubjectPublicKeyInfo();
        boolean withKey = CaService.blankToNull(r.privateKey()) != null;
        if (withKey && !SubjectPublicKeyInfo.getInstance(PrivateKeys.parse(r.privateKey()).getPublic().getEncoded())
                .equals(spki)) {
            throw LamassuException.badRequest("KEY_CERTIFICATE_MISMATCH",
                    "the private key does not belong to the certificate");
        }
        if (d.cas().find(id).isPresent()) {
            throw CaService.exists(id);
        }
        Optional<CaKeys.NewKey> newKey = withKey ? Optional.of(d.keys().parse(r.privateKey(), r.engineId(),
                "Key For CA CN=" + io.lamassu.crypto.DistinguishedName.from(x509.getSubject()).commonName()))
                : Optional.empty();
        Optional<CaKeys.KeyRef> key = withKey ? newKey.map(CaKeys.NewKey::ref)
                : d.keys().find(Certificates.keyId(spki));
        CertificateType type = withKey ? CertificateType.IMPORTED_WITH_KEY
                : key.isPresent() ? CertificateType.MANAGED : CertificateType.IMPORTED_WITHOUT_KEY;
        return store(id, profileId, x509, type, new Keys(newKey, key));
    }

    /** The key to store with the CA (imported with it), and the key to bind it to (if the KMS has one). */
    private record Keys(Optional<CaKeys.NewKey> toStore, Optional<CaKeys.KeyRef> toBind) {
        String engineId() {
            return toBind.map(CaKeys.KeyRef::engineId).orElse("");
        }
    }

    /** The imported key, if any, commits with the CA: a failed import leaves no key behind. */
    private CertificateAuthority store(String id, String profileId, X509CertificateHolder x509, CertificateType type,
                                       Keys keys) {
        String serial = Certificates.serial(x509);
        Optional<CertificateAuthority> parent = Certificates.isSelfSigned(x509) ? Optional.empty() : findParent(x509);
        IssuerMetadata issuer = parent.map(p -> new IssuerMetadata(p.serialNumber(), p.id(), p.level()))
                .orElse(Certificates.isSelfSigned(x509) ? new IssuerMetadata(serial, id, 0)
                        : IssuerMetadata.unknown(serial));
        Certificate cert = CertificateRecords.of(x509, issuer, type, keys.engineId(), d.clock().instant());
        CertificateAuthority ca = new CertificateAuthority(id, serial, cert, null, d.clock().instant(),
                parent.map(p -> p.level() + 1).orElse(0), profileId);
        return d.audit().execute("ca.import", "ca", id, () -> {
            if (!d.certificates().insert(cert)) {
                throw LamassuException.conflict("CERTIFICATE_ALREADY_EXISTS",
                        "a certificate with serial " + serial + " already exists");
            }
            if (!d.cas().insert(ca, parent.map(CertificateAuthority::id).orElse(null))) {
                throw CaService.exists(id);
            }
            keys.toStore().ifPresent(d.keys()::store);
            keys.toBind().ifPresent(k -> d.keys().bind(k.keyId(), id));
            d.events().publish("ca.import", "ca/" + id, ca);
            d.caListeners().forEach(l -> l.onCreated(ca));
            return ca;
        });
    }

    private Optional<CertificateAuthority> findParent(X509CertificateHolder x509) {
        String aki = Certificates.authorityKeyId(x509);
        if (aki.isEmpty()) {
            return Optional.empty();
        }
        return d.cas().findBySubjectKeyId(aki).stream()
                .filter(p -> Certificates.isSignedBy(x509, CaCertificates.x509(p.certificate())
                        .getSubjectPublicKeyInfo()))
                .findFirst();
    }
}
