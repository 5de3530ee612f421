package io.lamassu.crypto;

import io.lamassu.common.LamassuException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;

/**
 * Derives the public key of a PEM private key (PKCS#1, PKCS#8 or SEC1; raw or base64 PEM) so that
 * a key can be checked against a certificate before anything is stored. The key itself is never
 * kept or logged here.
 */
public final class PrivateKeys {
    private PrivateKeys() {
    }

    public static SubjectPublicKeyInfo publicKeyOf(String pemOrBase64Pem) {
        String text = pemOrBase64Pem == null ? "" : pemOrBase64Pem.strip();
        if (!text.startsWith("-----BEGIN")) {
            text = new String(Pem.base64(text, "INVALID_PRIVATE_KEY"), StandardCharsets.US_ASCII);
        }
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object o = parser.readObject();
            PublicKey pub = derive(o);
            return SubjectPublicKeyInfo.getInstance(pub.getEncoded());
        } catch (IOException | RuntimeException e) {
            throw LamassuException.badRequest("INVALID_PRIVATE_KEY",
                    "private_key is not a PEM private key (PKCS#1, PKCS#8 or SEC1)");
        }
    }

    private static PublicKey derive(Object o) throws IOException {
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER);
        if (o instanceof PEMKeyPair pair && pair.getPublicKeyInfo() != null) {
            return conv.getPublicKey(pair.getPublicKeyInfo());
        }
        PrivateKey key;
        if (o instanceof PEMKeyPair pair) {
            key = conv.getPrivateKey(pair.getPrivateKeyInfo());
        } else if (o instanceof PrivateKeyInfo info) {
            key = conv.getPrivateKey(info);
        } else {
            throw new IllegalArgumentException("not a private key");
        }
        return fromPrivate(key);
    }

    private static PublicKey fromPrivate(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA", BouncyCastle.PROVIDER)
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                BigInteger d = ec.getD();
                ECPoint q = ec.getParameters().getG().multiply(d).normalize();
                return KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                        .generatePublic(new ECPublicKeySpec(q, ec.getParameters()));
            }
            if (key instanceof EdDSAPrivateKey ed) {
                return ed.getPublicKey();
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException(e);
        }
        throw new IllegalArgumentException("unsupported private key type " + key.getAlgorithm());
    }
}
