package io.lamassu.crypto;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Delegated OCSP responder certificates (RFC 6960 §4.2.2.2): issued directly by the CA whose
 * certificates they answer for, with id-kp-OCSPSigning in the EKU and id-pkix-ocsp-nocheck
 * (§4.2.2.2.1), so relying parties accept them without checking their own status. No AIA or CRL
 * distribution point: with nocheck nobody would use them, and short lifetimes replace revocation.
 */
public final class OcspResponderCertificates {
    private OcspResponderCertificates() {
    }

    /** What the CA decided; {@code issuerKeyId} becomes the AKI. */
    public record Spec(BigInteger serial, X500Name subject, SubjectPublicKeyInfo key, X500Name issuer,
                       byte[] issuerKeyId, Instant notBefore, Instant notAfter) {
    }

    public static X509CertificateHolder issue(Spec s, ContentSigner caSigner) {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(s.issuer(), s.serial(), Date.from(s.notBefore()),
                Date.from(s.notAfter()), s.subject(), s.key());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            // §4.2.2.2 requires the purpose, not the criticality; non-critical as common responders do.
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
            b.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new SubjectKeyIdentifier(Certificates.keyIdBytes(s.key())));
            b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(s.issuerKeyId()));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode OCSP responder certificate extensions", e);
        }
        return b.build(caSigner);
    }

    /** The CA's subject with " OCSP Responder" appended to its common name (or that CN added). */
    public static X500Name responderSubject(X500Name caSubject) {
        List<RDN> rdns = new ArrayList<>();
        boolean named = false;
        for (RDN rdn : caSubject.getRDNs()) {
            AttributeTypeAndValue first = rdn.getFirst();
            if (!named && !rdn.isMultiValued() && BCStyle.CN.equals(first.getType())) {
                rdns.add(new RDN(BCStyle.CN, new org.bouncycastle.asn1.DERUTF8String(
                        responderName(first.getValue().toString()))));
                named = true;
            } else {
                rdns.add(rdn);
            }
        }
        if (!named) {
            rdns.add(new RDN(BCStyle.CN, new org.bouncycastle.asn1.DERUTF8String("OCSP Responder")));
        }
        return new X500Name(rdns.toArray(new RDN[0]));
    }

    /** RFC 5280 ub-common-name is 64 characters: a long CA name is shortened, the suffix kept. */
    private static String responderName(String caCn) {
        String suffix = " OCSP Responder";
        int room = 64 - suffix.length();
        return (caCn.length() <= room ? caCn : caCn.substring(0, room)) + suffix;
    }
}
