package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import io.lamassu.crypto.OcspResponderCertificates;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Delegated OCSP responders for the validation authority (RFC 6960 §4.2.2.2): a new key in the
 * KMS and a certificate the CA signs for it. The key is made and the certificate signed outside
 * any transaction; {@link #store} then writes the key in the caller's transaction, which also
 * records the certificate, so a failure or a lost race leaves neither behind (design §4).
 */
public final class OcspResponderService {
    /** P-256: the cheapest signature relying parties accept everywhere (design §8). */
    static final String KEY_TYPE = "ECDSA";
    static final int KEY_BITS = 256;
    /** Covers relying parties whose clocks run a little behind. */
    static final Duration BACKDATE = Duration.ofMinutes(5);
    private final CaDependencies d;
    private final CaCertificates signing;

    OcspResponderService(CaDependencies d) {
        this.d = d;
        this.signing = new CaCertificates(d);
    }

    /** A responder certificate with its not yet stored key; {@code caSerial}: the CA certificate that signed it. */
    public record Credential(CaKeys.NewKey key, X509CertificateHolder certificate, String caId, String caSerial) {
        public String keyId() {
            return key.ref().keyId();
        }
    }

    /** 409 CA_NOT_ACTIVE unless the CA can sign now; the certificate never outlives the CA. */
    public Credential issue(CertificateAuthority ca, Duration validity) {
        Instant now = d.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        signing.requireCanSign(ca, now);
        X509CertificateHolder caCert = CaCertificates.x509(ca.certificate());
        CaKeys.NewKey key = d.keys().generate(KEY_TYPE, KEY_BITS, ca.certificate().engineId(),
                "OCSP responder of CA " + ca.id());
        Instant notAfter = CaCertificates.cap(now.plus(validity), ca.certificate().validTo());
        if (!notAfter.isAfter(now)) {
            throw LamassuException.conflict("CA_NOT_ACTIVE", "CA " + ca.id() + " is past its validity");
        }
        X509CertificateHolder cert = OcspResponderCertificates.issue(new OcspResponderCertificates.Spec(
                d.serials().next(), OcspResponderCertificates.responderSubject(caCert.getSubject()),
                key.ref().publicKey(), caCert.getSubject(), HexFormat.of().parseHex(ca.certificate().subjectKeyId()),
                now.minus(BACKDATE), notAfter), d.keys().signer(CaCertificates.keyId(ca)));
        return new Credential(key, cert, ca.id(), ca.serialNumber());
    }

    /** In the caller's transaction: the key is stored in the KMS and bound to the CA's responder. */
    public void store(Credential c) {
        d.keys().store(c.key());
        d.keys().bindResponder(c.keyId(), c.caId());
    }

    /** In the caller's transaction: a retired responder's key is unbound and deleted. */
    public void delete(String keyId, String caId) {
        d.keys().deleteResponder(keyId, caId);
    }

    /** A signer with a responder key; the caller uses it on one thread at a time. */
    public ContentSigner signer(String keyId) {
        return d.keys().signer(keyId);
    }
}
