package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.X509Issuer;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Signs certificates as a CA: parses (and caches) the CA's certificate, checks it may sign, and
 * adds the AKI and the AIA/CRL URLs pointing at this server (upstream-notes §2.1).
 */
final class CaCertificates {
    private static final Map<String, X509CertificateHolder> PARSED = new ConcurrentHashMap<>();
    private final CaDependencies d;

    CaCertificates(CaDependencies d) {
        this.d = d;
    }

    static X509CertificateHolder x509(Certificate c) {
        if (PARSED.size() > 10_000) {
            PARSED.clear();
        }
        return PARSED.computeIfAbsent(c.certificate(), CertificateRecords::x509Uncached);
    }

    static String keyId(CertificateAuthority ca) {
        return Certificates.keyId(x509(ca.certificate()).getSubjectPublicKeyInfo());
    }

    /** 409 unless the CA can sign now: ACTIVE, inside its validity, and with its key here. */
    void requireCanSign(CertificateAuthority ca, Instant now) {
        Certificate c = ca.certificate();
        if (c.status() != CertificateStatus.ACTIVE || !c.validTo().isAfter(now)) {
            throw LamassuException.conflict("CA_NOT_ACTIVE", "CA " + ca.id() + " is " + (c.status()
                    == CertificateStatus.ACTIVE ? "past its validity" : c.status()) + " and cannot sign");
        }
        if (c.type() == CertificateType.IMPORTED_WITHOUT_KEY) {
            throw LamassuException.conflict("CA_HAS_NO_KEY",
                    "CA " + ca.id() + " was imported without its private key and cannot sign");
        }
    }

    /** Issues a certificate for {@code subjectKey} under {@code ca} with the decided contents. */
    X509CertificateHolder issue(CertificateAuthority ca, ProfileRules.Decision dec, SubjectPublicKeyInfo subjectKey) {
        return issue(ca, dec, subjectKey, Certificates.keyIdBytes(subjectKey));
    }

    /** With a given SKI (a CA certificate reissued for an unchanged key keeps its identifier). */
    X509CertificateHolder issue(CertificateAuthority ca, ProfileRules.Decision dec, SubjectPublicKeyInfo subjectKey,
                                byte[] subjectKeyId) {
        X509CertificateHolder caCert = x509(ca.certificate());
        Instant notAfter = cap(dec.notAfter(), ca.certificate().validTo());
        byte[] caSki = HexFormat.of().parseHex(ca.certificate().subjectKeyId());
        X509Issuer.Spec spec = new X509Issuer.Spec(d.serials().next(), dec.subject(), subjectKey,
                caCert.getSubject(), caSki, dec.notBefore(), notAfter, dec.ca(), dec.keyUsage(),
                dec.extendedKeyUsage(), dec.subjectAltNames(), d.publicBaseUrl() + "/ocsp",
                d.publicBaseUrl() + "/crl/" + ca.certificate().subjectKeyId(),
                d.publicBaseUrl() + "/ca/" + ca.certificate().subjectKeyId() + ".crt");
        ContentSigner signer = d.keys().signer(keyId(ca));
        return X509Issuer.issue(spec, subjectKeyId, signer);
    }

    /** A self-signed root: issuer = subject, AKI = own SKI, no AIA/CRL (RFC 5280 §6.1: trust anchors are not checked). */
    X509CertificateHolder selfSign(CaKeys.KeyRef key, ContentSigner signer, X500Name subject,
                                   ProfileRules.Decision dec) {
        return selfSign(key, signer, subject, dec, Certificates.keyIdBytes(key.publicKey()));
    }

    /** With a given SKI, which is also the AKI of a self-signed certificate. */
    X509CertificateHolder selfSign(CaKeys.KeyRef key, ContentSigner signer, X500Name subject,
                                   ProfileRules.Decision dec, byte[] subjectKeyId) {
        X509Issuer.Spec spec = new X509Issuer.Spec(d.serials().next(), subject, key.publicKey(), subject,
                subjectKeyId, dec.notBefore(), dec.notAfter(), true, dec.keyUsage(),
                dec.extendedKeyUsage(), null, null, null);
        return X509Issuer.issue(spec, subjectKeyId, signer);
    }

    /**
     * Decision: a certificate never outlives its issuer. RFC 5280 §6 path validation fails once the
     * CA expires, so a longer not-after would only mislead monitoring (upstream PR #299 allows it).
     */
    static Instant cap(Instant notAfter, Instant caNotAfter) {
        return notAfter.isAfter(caNotAfter) ? caNotAfter : notAfter;
    }
}
