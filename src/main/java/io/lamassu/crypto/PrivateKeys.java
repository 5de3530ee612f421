package io.lamassu.crypto;

import io.lamassu.common.LamassuException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Parses private keys as users hold them: PKCS#1 ({@code RSA PRIVATE KEY}), SEC1
 * ({@code EC PRIVATE KEY}, RFC 5915) and PKCS#8 ({@code PRIVATE KEY}, RFC 5208/5958), given as raw
 * PEM, base64 of PEM (upstream's JSON encoding) or base64 of PKCS#8 DER. Every key comes back as a
 * Bouncy Castle key with its public half derived from the private one (an embedded public key is
 * never trusted). Only RSA ≥ 2048, the NIST curves P-256/P-384/P-521 and Ed25519 are accepted.
 */
public final class PrivateKeys {
    public static final String INVALID = "INVALID_PRIVATE_KEY";
    private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(SECObjectIdentifiers.secp256r1,
            SECObjectIdentifiers.secp384r1, SECObjectIdentifiers.secp521r1);

    static {
        // getPrivateKey/getPublicKey use converters that exist once a provider instance was built.
        BouncyCastle.PROVIDER.getName();
    }

    private PrivateKeys() {
    }

    /** Parses any accepted encoding into a Bouncy Castle key pair; 400 with a stable code otherwise. */
    public static KeyPair parse(String value) {
        PemObject pem = pemOf(value);
        PrivateKeyInfo info = switch (pem.getType()) {
            case "PRIVATE KEY" -> pkcs8(pem.getContent());
            case "RSA PRIVATE KEY" -> pkcs1(pem.getContent());
            case "EC PRIVATE KEY" -> sec1(pem.getContent());
            case "ENCRYPTED PRIVATE KEY" -> throw LamassuException.badRequest("ENCRYPTED_PRIVATE_KEY",
                    "encrypted private keys are not supported; import the key unencrypted over TLS");
            default -> throw LamassuException.badRequest(INVALID, "PEM block '" + pem.getType()
                    + "' is not a private key (expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
        };
        return toKeyPair(info);
    }

    /** Loads PKCS#8 DER that we wrote ourselves (for example after decrypting it). */
    public static KeyPair fromPkcs8(byte[] der) {
        return toKeyPair(pkcs8(der));
    }

    private static PemObject pemOf(String value) {
        if (value == null || value.isBlank()) {
            throw LamassuException.badRequest(INVALID, "private_key is empty");
        }
        String text = value.strip();
        if (!text.startsWith("-----BEGIN")) {
            byte[] decoded = Pem.base64(text, INVALID);
            String asText = new String(decoded, StandardCharsets.US_ASCII).strip();
            if (!asText.startsWith("-----BEGIN")) {
                return new PemObject("PRIVATE KEY", decoded);
            }
            text = asText;
        }
        try (PemReader r = new PemReader(new StringReader(text))) {
            PemObject o = r.readPemObject();
            if (o == null) {
                throw LamassuException.badRequest(INVALID, "no PEM block found in private_key");
            }
            if (o.getHeaders().stream().anyMatch(h -> h instanceof org.bouncycastle.util.io.pem.PemHeader ph
                    && "Proc-Type".equalsIgnoreCase(ph.getName()) && ph.getValue().contains("ENCRYPTED"))) {
                throw LamassuException.badRequest("ENCRYPTED_PRIVATE_KEY",
                        "encrypted private keys are not supported; import the key unencrypted over TLS");
            }
            return o;
        } catch (IOException | IllegalArgumentException e) {
            throw LamassuException.badRequest(INVALID, "malformed PEM in private_key");
        }
    }

    private static PrivateKeyInfo pkcs8(byte[] der) {
        try {
            return PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw LamassuException.badRequest(INVALID, "private key is not valid PKCS#8 DER");
        }
    }

    private static PrivateKeyInfo pkcs1(byte[] der) {
        try {
            RSAPrivateKey rsa = RSAPrivateKey.getInstance(der);
            return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa);
        } catch (IOException | RuntimeException e) {
            throw LamassuException.badRequest(INVALID, "private key is not valid PKCS#1 DER");
        }
    }

    /** RFC 5915 keys carry their curve in [0] parameters; without it the curve is unknown. */
    private static PrivateKeyInfo sec1(byte[] der) {
        try {
            ECPrivateKey ec = ECPrivateKey.getInstance(der);
            if (ec.getParametersObject() == null) {
                throw LamassuException.badRequest(INVALID, "EC private key names no curve");
            }
            return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                    ec.getParametersObject()), ec);
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw LamassuException.badRequest(INVALID, "private key is not valid SEC1 DER");
        }
    }

    private static KeyPair toKeyPair(PrivateKeyInfo info) {
        checkSupported(info.getPrivateKeyAlgorithm());
        PrivateKey priv;
        try {
            priv = BouncyCastleProvider.getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            throw LamassuException.badRequest(INVALID, "private key cannot be decoded");
        }
        if (priv == null) {
            throw LamassuException.badRequest("UNSUPPORTED_KEY_ALGORITHM", "unsupported private key algorithm");
        }
        PublicKey pub = derivePublic(priv);
        KeyAlgorithm alg = KeyAlgorithm.of(pub);
        if (alg == KeyAlgorithm.RSA && KeyAlgorithm.sizeOf(pub) < 2048) {
            throw LamassuException.badRequest("UNSUPPORTED_KEY_SIZE",
                    "RSA keys shorter than 2048 bits are not accepted (got " + KeyAlgorithm.sizeOf(pub) + ")");
        }
        if (alg == KeyAlgorithm.RSA && KeyAlgorithm.sizeOf(pub) > 16384) {
            throw LamassuException.badRequest("UNSUPPORTED_KEY_SIZE", "RSA keys longer than 16384 bits are not accepted");
        }
        return new KeyPair(pub, priv);
    }

    private static void checkSupported(AlgorithmIdentifier alg) {
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption) || oid.getId().equals("1.3.101.112")) {
            return;
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (!(alg.getParameters() instanceof ASN1ObjectIdentifier curve) || !CURVES.contains(curve)) {
                throw LamassuException.badRequest("UNSUPPORTED_CURVE",
                        "only the named curves P-256, P-384 and P-521 are supported");
            }
            return;
        }
        throw LamassuException.badRequest("UNSUPPORTED_KEY_ALGORITHM", "unsupported private key algorithm " + oid.getId()
                + "; use RSA, ECDSA (P-256/P-384/P-521) or Ed25519");
    }

    /** Derives the public key from the private one, so that a mismatching embedded public key cannot be smuggled in. */
    public static PublicKey derivePublic(PrivateKey priv) {
        try {
            if (priv instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA", BouncyCastle.PROVIDER)
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (priv instanceof org.bouncycastle.jce.interfaces.ECPrivateKey ec) {
                ECParameterSpec spec = ec.getParameters();
                BigInteger d = ec.getD();
                if (d.signum() <= 0 || d.compareTo(spec.getN()) >= 0) {
                    throw LamassuException.badRequest(INVALID, "EC private scalar is out of range");
                }
                return KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                        .generatePublic(new ECPublicKeySpec(spec.getG().multiply(d).normalize(), spec));
            }
            if (priv instanceof EdDSAPrivateKey ed) {
                return ed.getPublicKey();
            }
        } catch (GeneralSecurityException e) {
            throw LamassuException.badRequest(INVALID, "cannot derive the public key");
        }
        throw LamassuException.badRequest(INVALID, "RSA private keys must carry CRT parameters (PKCS#1)");
    }

    /** Base64 of the PEM {@code PUBLIC KEY} block (upstream's wire form for public keys). */
    public static String publicKeyBase64Pem(PublicKey key) {
        return Pem.base64OfPem("PUBLIC KEY", key.getEncoded());
    }

    /** Parses a DER SubjectPublicKeyInfo into a Bouncy Castle public key. */
    public static PublicKey publicKeyFromSpki(byte[] der) {
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(der);
            PublicKey key = BouncyCastleProvider.getPublicKey(spki);
            if (key == null) {
                throw new IllegalArgumentException("unknown key algorithm");
            }
            return key;
        } catch (IOException | RuntimeException e) {
            throw LamassuException.badRequest("INVALID_PUBLIC_KEY", "public key is not valid SubjectPublicKeyInfo DER");
        }
    }

    /** PKCS#8 DER of a private key, for sealing; callers must wipe the array after use. */
    public static byte[] pkcs8(PrivateKey key) {
        return key.getEncoded();
    }

}
