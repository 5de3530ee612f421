package io.lamassu.dms.est;

import io.lamassu.crypto.BouncyCastle;
import io.lamassu.dms.DmsSettings.KeySpec;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Server-side key generation (RFC 7030 §4.4): a key of the DMS's configured type and size, and a
 * CSR for it that copies the client's template (subject and requested extensions) and is signed
 * with the new key, so the normal issuance path and its proof-of-possession hold unchanged.
 */
final class ServerKeys {
    private ServerKeys() {
    }

    record Generated(PKCS10CertificationRequest csr, byte[] pkcs8) {
    }

    static Generated generate(KeySpec spec, PKCS10CertificationRequest template) {
        try {
            KeyPair kp = keyPair(spec);
            PKCS10CertificationRequestBuilder b = new JcaPKCS10CertificationRequestBuilder(template.getSubject(),
                    kp.getPublic());
            for (Attribute a : template.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                b.addAttribute(a.getAttrType(), a.getAttributeValues());
            }
            String alg = spec.type().equals("RSA") ? "SHA256withRSA" : spec.bits() >= 384 ? "SHA384withECDSA"
                    : "SHA256withECDSA";
            PKCS10CertificationRequest csr = b.build(new JcaContentSignerBuilder(alg)
                    .setProvider(BouncyCastle.PROVIDER).build(kp.getPrivate()));
            return new Generated(csr, kp.getPrivate().getEncoded());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("server-side key generation failed", e);
        }
    }

    private static KeyPair keyPair(KeySpec spec) throws GeneralSecurityException {
        if (spec.type().equals("RSA")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(spec.bits());
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(switch (spec.bits()) {
            case 384 -> "secp384r1";
            case 521 -> "secp521r1";
            default -> "secp256r1";
        }));
        return g.generateKeyPair();
    }
}
