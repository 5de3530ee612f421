package io.lamassu.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/**
 * Key identifiers as upstream computes them: lowercase hex of SHA-256 over the DER
 * SubjectPublicKeyInfo. Used as KMS key id and as the SubjectKeyIdentifier of issued certificates
 * (32 bytes, RFC 5280 §4.2.1.2 allows any method that yields a unique value).
 */
public final class KeyIds {
    private KeyIds() {
    }

    public static byte[] sha256Spki(PublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(sha256Spki(key));
    }
}
