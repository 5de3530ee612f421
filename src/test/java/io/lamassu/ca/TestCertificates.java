package io.lamassu.ca;

import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.X509Issuer;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/** Certificates made outside the server (external CAs, forged issuers) for import tests. */
public final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    public static byte[] keyId(KeyPair kp) {
        return Certificates.keyIdBytes(SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()));
    }

    /** A certificate for {@code subjectKey} naming {@code issuer}/{@code issuerKeyId}, signed by {@code signer}. */
    public static X509CertificateHolder certificate(String subject, KeyPair signer, X500Name issuer,
                                                    byte[] issuerKeyId, KeyPair subjectKey, boolean ca) {
        Instant now = Instant.now();
        return X509Issuer.issue(new X509Issuer.Spec(new BigInteger(120, RANDOM).setBit(119), new X500Name(subject),
                SubjectPublicKeyInfo.getInstance(subjectKey.getPublic().getEncoded()), issuer, issuerKeyId,
                now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(300)), ca,
                ca ? List.of("CertSign", "CRLSign") : List.of("DigitalSignature"), List.of(), null, null, null),
                TestKeys.signer(signer.getPrivate()));
    }

    /** A self-signed CA certificate for {@code key}. */
    public static X509CertificateHolder selfSignedCa(String subject, KeyPair key) {
        return certificate(subject, key, new X500Name(subject), keyId(key), key, true);
    }
}
