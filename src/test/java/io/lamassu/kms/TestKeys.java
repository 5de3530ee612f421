package io.lamassu.kms;

import io.lamassu.crypto.BouncyCastle;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Key material in the encodings users bring: PKCS#1, SEC1 (traditional OpenSSL) and PKCS#8 PEM. */
public final class TestKeys {
    private TestKeys() {
    }

    public static KeyPair rsa(int bits) {
        return generate("RSA", bits, null);
    }

    public static KeyPair ec(String curve) {
        return generate("EC", 0, curve);
    }

    public static KeyPair ed25519() {
        return generate("Ed25519", 0, null);
    }

    private static KeyPair generate(String alg, int bits, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg, BouncyCastle.PROVIDER);
            if (bits > 0) {
                g.initialize(bits);
            } else if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** RSA → "RSA PRIVATE KEY" (PKCS#1), EC → "EC PRIVATE KEY" (SEC1). */
    public static String traditionalPem(PrivateKey key) {
        return write(key);
    }

    /** "PRIVATE KEY" (PKCS#8, unencrypted). */
    public static String pkcs8Pem(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String write(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
