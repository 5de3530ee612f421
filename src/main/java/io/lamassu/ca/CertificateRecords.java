package io.lamassu.ca;

import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.DistinguishedName;
import java.time.Instant;
import org.bouncycastle.cert.X509CertificateHolder;

/** Builds the wire/domain {@link Certificate} from an X.509 certificate. */
final class CertificateRecords {
    private CertificateRecords() {
    }

    /** Already-expired certificates are recorded as EXPIRED (upstream import rule). */
    static Certificate of(X509CertificateHolder h, IssuerMetadata issuer, CertificateType type, String engineId,
                          Instant now) {
        Instant validTo = h.getNotAfter().toInstant();
        CertificateStatus status = validTo.isAfter(now) ? CertificateStatus.ACTIVE : CertificateStatus.EXPIRED;
        return new Certificate(Certificates.serial(h), Certificates.subjectKeyId(h), Certificates.authorityKeyId(h),
                null, status, Certificates.base64Pem(h), Certificates.keyInfo(h.getSubjectPublicKeyInfo()),
                DistinguishedName.from(h.getSubject()), DistinguishedName.from(h.getIssuer()),
                h.getNotBefore().toInstant(), validTo,
                new CertificateExtensions(Certificates.keyUsages(h.getExtensions()),
                        Certificates.extendedKeyUsages(h.getExtensions())),
                issuer, null, null, type, engineId, Certificates.isCa(h));
    }

    static X509CertificateHolder x509Uncached(String base64Pem) {
        return Certificates.parse(base64Pem, "INVALID_CERTIFICATE");
    }
}
