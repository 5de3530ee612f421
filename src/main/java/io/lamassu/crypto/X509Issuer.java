package io.lamassu.crypto;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Builds and signs X.509 v3 certificates (RFC 5280 §4.1) from a fully decided {@link Spec}; all
 * policy (profiles, validity, subject) is decided by the caller.
 */
public final class X509Issuer {
    private X509Issuer() {
    }

    /**
     * Everything that goes into a certificate. {@code issuerKeyId} is the issuer's SKI (becomes the
     * AKI, RFC 5280 §4.2.1.1); the SKI is SHA-256 of the subject SPKI (§4.2.1.2 permits any unique
     * method; upstream uses this 32-byte hash). Empty {@code keyUsage} omits the extension;
     * {@code ocspUrl}/{@code crlUrl} may be null.
     */
    public record Spec(BigInteger serial, X500Name subject, SubjectPublicKeyInfo subjectKey, X500Name issuer,
                       byte[] issuerKeyId, Instant notBefore, Instant notAfter, boolean ca, List<String> keyUsage,
                       List<String> extendedKeyUsage, GeneralNames subjectAltNames, String ocspUrl, String crlUrl,
                       String caIssuersUrl) {
        /** Without an AIA caIssuers URL. */
        public Spec(BigInteger serial, X500Name subject, SubjectPublicKeyInfo subjectKey, X500Name issuer,
                    byte[] issuerKeyId, Instant notBefore, Instant notAfter, boolean ca, List<String> keyUsage,
                    List<String> extendedKeyUsage, GeneralNames subjectAltNames, String ocspUrl, String crlUrl) {
            this(serial, subject, subjectKey, issuer, issuerKeyId, notBefore, notAfter, ca, keyUsage, extendedKeyUsage,
                    subjectAltNames, ocspUrl, crlUrl, null);
        }
    }

    public static X509CertificateHolder issue(Spec s, ContentSigner signer) {
        return issue(s, Certificates.keyIdBytes(s.subjectKey()), signer);
    }

    /**
     * With a given SKI: a CA certificate reissued for an unchanged key keeps the key's identifier
     * (an imported CA may use RFC 5280 §4.2.1.2 method 1, SHA-1), or relying parties, CRLs and
     * OCSP responders would see two keys.
     */
    public static X509CertificateHolder issue(Spec s, byte[] subjectKeyId, ContentSigner signer) {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(s.issuer(), s.serial(), Date.from(s.notBefore()),
                Date.from(s.notAfter()), s.subject(), s.subjectKey());
        try {
            addExtensions(b, s, subjectKeyId);
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode certificate extensions", e);
        }
        return b.build(signer);
    }

    private static void addExtensions(X509v3CertificateBuilder b, Spec s, byte[] subjectKeyId) throws CertIOException {
        // RFC 5280 §4.2.1.9: critical in CA certificates; CA:FALSE stated explicitly for end entities.
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(s.ca()));
        b.addExtension(Extension.subjectKeyIdentifier, false,
                new SubjectKeyIdentifier(subjectKeyId));
        b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(s.issuerKeyId()));
        if (!s.keyUsage().isEmpty()) {
            b.addExtension(Extension.keyUsage, true, KeyUsages.keyUsage(s.keyUsage()));
        }
        if (!s.extendedKeyUsage().isEmpty()) {
            b.addExtension(Extension.extendedKeyUsage, false, KeyUsages.extendedKeyUsage(s.extendedKeyUsage()));
        }
        if (s.subjectAltNames() != null && s.subjectAltNames().getNames().length > 0) {
            // §4.2.1.6: critical when the subject DN is empty.
            b.addExtension(Extension.subjectAlternativeName, s.subject().getRDNs().length == 0, s.subjectAltNames());
        }
        List<AccessDescription> access = new java.util.ArrayList<>();
        if (s.ocspUrl() != null) {
            access.add(new AccessDescription(AccessDescription.id_ad_ocsp, uri(s.ocspUrl())));
        }
        if (s.caIssuersUrl() != null) {
            // RFC 5280 §4.2.2.1: lets relying parties fetch the issuer's certificate to build the chain.
            access.add(new AccessDescription(AccessDescription.id_ad_caIssuers, uri(s.caIssuersUrl())));
        }
        if (!access.isEmpty()) {
            b.addExtension(Extension.authorityInfoAccess, false,
                    new AuthorityInformationAccess(access.toArray(new AccessDescription[0])));
        }
        if (s.crlUrl() != null) {
            DistributionPointName name = new DistributionPointName(new GeneralNames(uri(s.crlUrl())));
            b.addExtension(Extension.cRLDistributionPoints, false,
                    new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(name, null, null)}));
        }
    }

    private static GeneralName uri(String url) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, url);
    }
}
