package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.Csrs;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.crypto.KeyInfo;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * How a profile turns a verified CSR into certificate contents (upstream x509engine semantics):
 * subject, key usages, SAN, CA flag and validity. Pure: no storage, no clock, no keys.
 */
public final class ProfileRules {
    /** NIST P-256, P-384, P-521 (RFC 5480 §2.1.1.1). */
    private static final List<String> SUPPORTED_CURVES = List.of("1.2.840.10045.3.1.7", "1.3.132.0.34",
            "1.3.132.0.35");

    private ProfileRules() {
    }

    /** What goes into the certificate, before serial, issuer and signature. */
    public record Decision(X500Name subject, List<String> keyUsage, List<String> extendedKeyUsage,
                           GeneralNames subjectAltNames, boolean ca, Instant notBefore, Instant notAfter) {
    }

    public static Decision decide(IssuanceProfile p, PKCS10CertificationRequest csr, Instant now) {
        checkKey(csr.getSubjectPublicKeyInfo(), p.cryptoEnforcement());
        Extensions requested = Csrs.requestedExtensions(csr);
        List<String> ku = p.honorKeyUsage() ? Certificates.keyUsages(requested) : p.keyUsage();
        List<String> eku = p.honorExtendedKeyUsages() ? Certificates.extendedKeyUsages(requested)
                : p.extendedKeyUsages();
        GeneralNames san = p.honorExtensions() && requested != null ? GeneralNames.fromExtensions(requested,
                org.bouncycastle.asn1.x509.Extension.subjectAlternativeName) : null;
        Instant notAfter = p.validity().notAfter(now);
        if (!notAfter.isAfter(now)) {
            throw LamassuException.conflict("PROFILE_VALIDITY_PASSED",
                    "the profile's validity time " + notAfter + " has already passed");
        }
        return new Decision(subject(p, csr.getSubject()), ku, eku, san, p.signAsCa(), now, notAfter);
    }

    /** honor_subject keeps the CSR subject; otherwise the profile subject, keeping the CSR CN if the profile has none. */
    static X500Name subject(IssuanceProfile p, X500Name requested) {
        if (p.honorSubject()) {
            return requested;
        }
        DistinguishedName forced = p.subject();
        if (forced.commonName().isEmpty()) {
            forced = forced.withCommonName(DistinguishedName.from(requested).commonName());
        }
        return forced.toX500Name();
    }

    /**
     * Always refused: RSA under 2048 bits (NIST SP 800-131A), curves other than P-256/384/521, and
     * other algorithms. With crypto enforcement the profile's allow lists apply as well, and only
     * RSA and ECDSA keys can be allowed (upstream has no switch for others).
     */
    public static KeyInfo checkKey(SubjectPublicKeyInfo spki, IssuanceProfile.CryptoEnforcement ce) {
        KeyInfo k = Certificates.keyInfo(spki);
        switch (k.type()) {
            case "RSA" -> {
                if (k.bits() < 2048) {
                    throw LamassuException.badRequest("KEY_TOO_SHORT",
                            "RSA keys must have at least 2048 bits, got " + k.bits());
                }
            }
            case "ECDSA" -> {
                if (!SUPPORTED_CURVES.contains(Certificates.curveOid(spki))) {
                    throw LamassuException.badRequest("UNSUPPORTED_KEY",
                            "unsupported elliptic curve; use P-256, P-384 or P-521");
                }
            }
            case "Ed25519" -> { }
            default -> throw LamassuException.badRequest("UNSUPPORTED_KEY",
                    "unsupported key type " + k.type() + "; use RSA, ECDSA or Ed25519");
        }
        enforce(k, ce);
        return k;
    }

    private static void enforce(KeyInfo k, IssuanceProfile.CryptoEnforcement ce) {
        if (!ce.enabled()) {
            return;
        }
        boolean ok = switch (k.type()) {
            case "RSA" -> ce.allowRsaKeys() && (ce.allowedRsaKeySizes().isEmpty()
                    || ce.allowedRsaKeySizes().contains(k.bits()));
            case "ECDSA" -> ce.allowEcdsaKeys() && (ce.allowedEcdsaKeySizes().isEmpty()
                    || ce.allowedEcdsaKeySizes().contains(k.bits()));
            default -> false;
        };
        if (!ok) {
            throw LamassuException.badRequest("KEY_NOT_ALLOWED", "the profile does not allow " + k.type() + " "
                    + k.bits() + "-bit keys (allowed RSA " + (ce.allowRsaKeys() ? ce.allowedRsaKeySizes() : "none")
                    + ", ECDSA " + (ce.allowEcdsaKeys() ? ce.allowedEcdsaKeySizes() : "none") + ")");
        }
    }
}
