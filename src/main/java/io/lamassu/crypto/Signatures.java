package io.lamassu.crypto;

import io.lamassu.common.LamassuException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * The KMS sign/verify API's signature schemes with upstream's names. A message is either the raw
 * data ({@code raw}) or its digest ({@code hash}); for digests the hash step is skipped and the
 * digest length must match the scheme. RSA-PSS uses MGF1 with the same hash and a salt as long as
 * the hash (RFC 8017 §9.1, as Go's {@code PSSSaltLengthEqualsHash}). ECDSA signatures are DER.
 */
public final class Signatures {
    private Signatures() {
    }

    public enum Scheme {
        RSASSA_PKCS1_V1_5_SHA_256(KeyAlgorithm.RSA, "SHA-256", 32),
        RSASSA_PKCS1_V1_5_SHA_384(KeyAlgorithm.RSA, "SHA-384", 48),
        RSASSA_PKCS1_V1_5_SHA_512(KeyAlgorithm.RSA, "SHA-512", 64),
        RSASSA_PSS_SHA_256(KeyAlgorithm.RSA, "SHA-256", 32),
        RSASSA_PSS_SHA_384(KeyAlgorithm.RSA, "SHA-384", 48),
        RSASSA_PSS_SHA_512(KeyAlgorithm.RSA, "SHA-512", 64),
        ECDSA_SHA_256(KeyAlgorithm.ECDSA, "SHA-256", 32),
        ECDSA_SHA_384(KeyAlgorithm.ECDSA, "SHA-384", 48),
        ECDSA_SHA_512(KeyAlgorithm.ECDSA, "SHA-512", 64),
        ED25519(KeyAlgorithm.ED25519, null, 0);

        private final KeyAlgorithm keyAlgorithm;
        private final String digest;
        private final int digestLength;

        Scheme(KeyAlgorithm keyAlgorithm, String digest, int digestLength) {
            this.keyAlgorithm = keyAlgorithm;
            this.digest = digest;
            this.digestLength = digestLength;
        }

        public KeyAlgorithm keyAlgorithm() {
            return keyAlgorithm;
        }

        public static Scheme parse(String name) {
            if (name == null || name.isBlank()) {
                throw LamassuException.badRequest("MISSING_SIGNING_ALGORITHM", "algorithm is required");
            }
            String n = name.strip().toUpperCase(Locale.ROOT);
            for (Scheme s : values()) {
                if (s.name().equals(n) || (s == ED25519 && (n.equals("PURE_ED25519") || n.equals("ED25519")))) {
                    return s;
                }
            }
            throw LamassuException.badRequest("UNSUPPORTED_SIGNING_ALGORITHM", "unsupported signing algorithm '" + name
                    + "'; use RSASSA_PKCS1_V1_5_SHA_256|384|512, RSASSA_PSS_SHA_256|384|512, ECDSA_SHA_256|384|512"
                    + " or ED25519");
        }

        private boolean isPss() {
            return name().startsWith("RSASSA_PSS");
        }
    }

    /** {@code raw} or {@code hash} (case-insensitive; default raw). */
    public static boolean isPrehashed(String messageType) {
        if (messageType == null || messageType.isBlank() || messageType.equalsIgnoreCase("raw")) {
            return false;
        }
        if (messageType.equalsIgnoreCase("hash") || messageType.equalsIgnoreCase("digest")) {
            return true;
        }
        throw LamassuException.badRequest("INVALID_MESSAGE_TYPE", "message_type must be raw or hash");
    }

    public static byte[] sign(PrivateKey key, KeyAlgorithm keyAlgorithm, Scheme scheme, byte[] message,
                              boolean prehashed) {
        check(keyAlgorithm, scheme, message, prehashed);
        try {
            Signature s = instance(scheme, prehashed);
            s.initSign(key);
            s.update(prehashed ? digestInput(scheme, message) : message);
            return s.sign();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** False for a signature that does not verify, including one that is not even well formed. */
    public static boolean verify(PublicKey key, KeyAlgorithm keyAlgorithm, Scheme scheme, byte[] message,
                                 boolean prehashed, byte[] signature) {
        check(keyAlgorithm, scheme, message, prehashed);
        try {
            Signature s = instance(scheme, prehashed);
            s.initVerify(key);
            s.update(prehashed ? digestInput(scheme, message) : message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return false;
        }
    }

    private static void check(KeyAlgorithm keyAlgorithm, Scheme scheme, byte[] message, boolean prehashed) {
        if (scheme.keyAlgorithm != keyAlgorithm) {
            throw LamassuException.badRequest("INCOMPATIBLE_SIGNING_ALGORITHM", "algorithm " + scheme.name()
                    + " cannot be used with a " + keyAlgorithm.wireName() + " key");
        }
        if (prehashed && scheme == Scheme.ED25519) {
            throw LamassuException.badRequest("INVALID_MESSAGE_TYPE",
                    "Ed25519 signs the message itself (RFC 8032 PureEdDSA); use message_type raw");
        }
        if (prehashed && message.length != scheme.digestLength) {
            throw LamassuException.badRequest("INVALID_DIGEST_LENGTH", "a " + scheme.digest + " digest is "
                    + scheme.digestLength + " bytes, got " + message.length);
        }
    }

    private static Signature instance(Scheme scheme, boolean prehashed) throws GeneralSecurityException {
        String hash = scheme.digest == null ? null : scheme.digest.replace("-", "");
        Signature s;
        if (scheme == Scheme.ED25519) {
            s = Signature.getInstance("Ed25519", BouncyCastle.PROVIDER);
        } else if (scheme.isPss()) {
            s = Signature.getInstance(prehashed ? "RAWRSASSA-PSS" : "RSASSA-PSS", BouncyCastle.PROVIDER);
            s.setParameter(new PSSParameterSpec(scheme.digest, "MGF1", new MGF1ParameterSpec(scheme.digest),
                    scheme.digestLength, 1));
        } else if (scheme.keyAlgorithm == KeyAlgorithm.RSA) {
            s = Signature.getInstance(prehashed ? "NONEwithRSA" : hash + "withRSA", BouncyCastle.PROVIDER);
        } else {
            s = Signature.getInstance(prehashed ? "NONEwithECDSA" : hash + "withECDSA", BouncyCastle.PROVIDER);
        }
        return s;
    }

    /** PKCS#1 v1.5 over a precomputed digest signs the DER DigestInfo (RFC 8017 §9.2). */
    private static byte[] digestInput(Scheme scheme, byte[] digest) throws IOException {
        if (scheme.keyAlgorithm != KeyAlgorithm.RSA || scheme.isPss()) {
            return digest;
        }
        ASN1ObjectIdentifier oid = switch (scheme.digestLength) {
            case 32 -> NISTObjectIdentifiers.id_sha256;
            case 48 -> NISTObjectIdentifiers.id_sha384;
            default -> NISTObjectIdentifiers.id_sha512;
        };
        return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded(ASN1Encoding.DER);
    }
}
