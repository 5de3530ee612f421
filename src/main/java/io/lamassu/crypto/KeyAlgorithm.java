package io.lamassu.crypto;

import io.lamassu.common.LamassuException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Locale;

/**
 * The key types the platform creates, imports and signs with, with upstream's wire names
 * ({@code RSA}, {@code ECDSA}, {@code Ed25519}) and the sizes the software engine supports.
 * Sizes below RSA-2048 are refused: NIST SP 800-131A disallows them for signatures.
 */
public enum KeyAlgorithm {
    RSA("RSA", List.of(2048, 3072, 4096)),
    ECDSA("ECDSA", List.of(256, 384, 521)),
    ED25519("Ed25519", List.of(256));

    private final String wireName;
    private final List<Integer> sizes;

    KeyAlgorithm(String wireName, List<Integer> sizes) {
        this.wireName = wireName;
        this.sizes = sizes;
    }

    public String wireName() {
        return wireName;
    }

    public List<Integer> sizes() {
        return sizes;
    }

    /** Case-insensitive; also accepts {@code EC} and {@code EdDSA}. 400 UNSUPPORTED_KEY_ALGORITHM otherwise. */
    public static KeyAlgorithm parse(String name) {
        if (name == null || name.isBlank()) {
            throw LamassuException.badRequest("MISSING_KEY_ALGORITHM", "algorithm is required (RSA, ECDSA or Ed25519)");
        }
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "RSA" -> RSA;
            case "ECDSA", "EC" -> ECDSA;
            case "ED25519", "EDDSA" -> ED25519;
            default -> throw LamassuException.badRequest("UNSUPPORTED_KEY_ALGORITHM",
                    "unsupported key algorithm '" + name + "'; use RSA, ECDSA or Ed25519");
        };
    }

    /** The effective size for a create request: Ed25519 has one size, the others need a supported one. */
    public int checkSize(Integer requested) {
        if (this == ED25519) {
            return 256;
        }
        if (requested == null || requested == 0) {
            throw LamassuException.badRequest("MISSING_KEY_SIZE", "size is required for " + wireName
                    + "; supported: " + sizes);
        }
        if (!sizes.contains(requested)) {
            throw LamassuException.badRequest("UNSUPPORTED_KEY_SIZE", "unsupported " + wireName + " key size "
                    + requested + "; supported: " + sizes);
        }
        return requested;
    }

    /** Classifies a public key; 400 UNSUPPORTED_KEY_ALGORITHM for anything else (DSA, Ed448, …). */
    public static KeyAlgorithm of(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return RSA;
        }
        if (key instanceof ECPublicKey) {
            return ECDSA;
        }
        String alg = key.getAlgorithm();
        if ("Ed25519".equalsIgnoreCase(alg) || ("EdDSA".equalsIgnoreCase(alg) && key.getEncoded().length == 44)) {
            return ED25519;
        }
        throw LamassuException.badRequest("UNSUPPORTED_KEY_ALGORITHM", "unsupported key type " + alg);
    }

    /** Bits: the RSA modulus length, the EC field size, 256 for Ed25519. */
    public static int sizeOf(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        return 256;
    }

    /** The signature algorithm used by default for certificates and CRLs signed with a key of this type. */
    public String defaultSignatureAlgorithm(int size) {
        return switch (this) {
            case RSA -> "SHA256withRSA";
            case ECDSA -> size >= 521 ? "SHA512withECDSA" : size >= 384 ? "SHA384withECDSA" : "SHA256withECDSA";
            case ED25519 -> "Ed25519";
        };
    }

    /** A fresh key pair from the Bouncy Castle provider (so signing later stays on the fast path, design §8). */
    public KeyPair generate(int size, SecureRandom random) {
        int bits = this == ED25519 ? 256 : checkSize(size);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(this == ECDSA ? "EC" : jcaName(), BouncyCastle.PROVIDER);
            if (this == RSA) {
                g.initialize(bits, random);
            } else if (this == ECDSA) {
                g.initialize(new ECGenParameterSpec(curveName(bits)), random);
            }
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("cannot generate " + wireName + " key", e);
        }
    }

    String jcaName() {
        return switch (this) {
            case RSA -> "RSA";
            case ECDSA -> "EC";
            case ED25519 -> "Ed25519";
        };
    }

    static String curveName(int bits) {
        return switch (bits) {
            case 256 -> "secp256r1";
            case 384 -> "secp384r1";
            case 521 -> "secp521r1";
            default -> throw LamassuException.badRequest("UNSUPPORTED_KEY_SIZE", "unsupported EC size " + bits);
        };
    }
}
