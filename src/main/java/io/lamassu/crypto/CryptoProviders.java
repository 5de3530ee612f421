package io.lamassu.crypto;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which JCA provider does the hot-path signatures (ADR 0210): certificate, OCSP and CRL signing with
 * software keys and CSR proof-of-possession verification. The native provider is Amazon Corretto
 * Crypto Provider (AWS-LC): measured here ~6x Bouncy Castle's ECDSA signing and ~2x its
 * verification with a fresh key per CSR. Bouncy Castle stays for ASN.1/X.509/PKCS#10/CMS building and
 * is the fallback: {@code auto} uses it when the native library cannot load (logged once, shown
 * in /health details and the {@code lamassu_crypto_native} gauge), {@code bouncycastle} forces it,
 * {@code native} refuses to start without the native library. Per algorithm and key, anything the
 * native provider does not offer (RSA-PSS parameters, brainpool curves) silently uses Bouncy Castle.
 * Process-wide, like the provider registry it stands beside; configured once at start-up.
 */
public final class CryptoProviders {
    private static final Logger LOG = LoggerFactory.getLogger(CryptoProviders.class);
    private static final String ACCP = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    /** {@code crypto.provider}. */
    public enum Mode {
        AUTO, NATIVE, BOUNCYCASTLE;

        public static Mode parse(String value) {
            String v = value == null || value.isBlank() ? "auto" : value.strip().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "auto" -> AUTO;
                case "native" -> NATIVE;
                case "bouncycastle", "bc" -> BOUNCYCASTLE;
                default -> throw new IllegalArgumentException("crypto.provider must be auto, native or bouncycastle");
            };
        }
    }

    private record State(Mode mode, Provider nativeProvider, String fallbackReason) {
    }

    private static volatile State state = new State(Mode.BOUNCYCASTLE, null, "not configured");

    private CryptoProviders() {
    }

    /** Chooses the provider; throws when {@code native} is asked for and cannot load. */
    public static void configure(Mode mode) {
        configure(mode, CryptoProviders::loadCorretto);
    }

    /** {@code loader} stands in for the native library in tests (a loader that throws = "cannot load"). */
    static synchronized void configure(Mode mode, Supplier<Provider> loader) {
        if (mode == Mode.BOUNCYCASTLE) {
            state = new State(mode, null, "forced by crypto.provider=bouncycastle");
            LOG.info("crypto provider: Bouncy Castle (forced by configuration)");
            return;
        }
        try {
            Provider p = loader.get();
            state = new State(mode, p, "");
            LOG.info("crypto provider: {} for signing and CSR verification", p.getName() + " " + p.getVersionStr());
        } catch (RuntimeException | LinkageError e) {
            if (mode == Mode.NATIVE) {
                throw new IllegalStateException("crypto.provider=native but the native provider cannot load: " + e, e);
            }
            state = new State(mode, null, "native provider unavailable: " + e);
            LOG.warn("crypto provider: native provider cannot load ({}); falling back to Bouncy Castle", e.toString());
        }
    }

    private static Provider loadCorretto() {
        try {
            Provider p = (Provider) Class.forName(ACCP).getField("INSTANCE").get(null);
            Object error = p.getClass().getMethod("getLoadingError").invoke(p);
            if (error != null) {
                throw new IllegalStateException(error.toString());
            }
            p.getClass().getMethod("assertHealthy").invoke(p);
            return p;
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause.toString(), cause);
        }
    }

    public static boolean nativeActive() {
        return state.nativeProvider() != null;
    }

    /** For /health details and the start-up log. */
    public static Map<String, Object> describe() {
        State s = state;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", s.mode().name().toLowerCase(Locale.ROOT));
        m.put("provider", s.nativeProvider() != null
                ? s.nativeProvider().getName() + " " + s.nativeProvider().getVersionStr() : "BC");
        m.put("native", s.nativeProvider() != null);
        if (!s.fallbackReason().isEmpty()) {
            m.put("fallback_reason", s.fallbackReason());
        }
        return m;
    }

    /**
     * An initialised signing {@link Signature} for {@code key}: the native provider's when it offers
     * the algorithm and takes the key, else Bouncy Castle's.
     */
    public static Signature signer(String algorithm, PrivateKey key) throws GeneralSecurityException {
        Provider p = state.nativeProvider();
        if (p != null) {
            try {
                Signature s = Signature.getInstance(algorithm, p);
                s.initSign(key);
                return s;
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                // Not offered natively (e.g. PSS names, brainpool keys): Bouncy Castle below.
            }
        }
        Signature s = Signature.getInstance(algorithm, BouncyCastle.PROVIDER);
        s.initSign(key);
        return s;
    }

    /**
     * A Bouncy Castle {@link ContentSigner} over {@link #signer}: for OCSP responses, CRLs and
     * certificates built with Bouncy Castle's builders but signed natively. One signature per signer.
     */
    public static ContentSigner contentSigner(String algorithm, PrivateKey key) {
        try {
            return new OneShotSigner(signer(algorithm, key),
                    new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with " + algorithm + " using this key", e);
        }
    }

    /** JCA names of the signature algorithms verified natively; others go through Bouncy Castle. */
    private static final Map<ASN1ObjectIdentifier, String> NATIVE_VERIFY = Map.of(
            org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA",
            org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA");

    /** Outcome of a native verification attempt. */
    public enum Verified { VALID, INVALID, NOT_NATIVE }

    /**
     * Verifies {@code signature} over {@code data} natively when the algorithm and key allow it;
     * {@link Verified#NOT_NATIVE} tells the caller to use Bouncy Castle instead.
     */
    public static Verified verifyNatively(AlgorithmIdentifier algorithm, SubjectPublicKeyInfo spki, byte[] data,
                                          byte[] signature) {
        Provider p = state.nativeProvider();
        String name = NATIVE_VERIFY.get(algorithm.getAlgorithm());
        if (p == null || name == null) {
            return Verified.NOT_NATIVE;
        }
        PublicKey key;
        Signature s;
        try {
            key = KeyFactory.getInstance(name.endsWith("ECDSA") ? "EC" : "RSA", p)
                    .generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
            s = Signature.getInstance(name, p);
            s.initVerify(key);
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            return Verified.NOT_NATIVE; // a curve or encoding AWS-LC does not take: Bouncy Castle decides
        }
        try {
            s.update(data);
            return s.verify(signature) ? Verified.VALID : Verified.INVALID;
        } catch (SignatureException | RuntimeException e) {
            return Verified.INVALID; // a malformed signature value
        }
    }

    /** A ContentSigner for one signature with an initialised Signature. */
    private static final class OneShotSigner implements ContentSigner {
        private final Signature signature;
        private final AlgorithmIdentifier algorithmId;
        private final OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                try {
                    signature.update(b, off, len);
                } catch (SignatureException e) {
                    throw new RuntimeOperatorException("signature update failed", e);
                }
            }
        };

        OneShotSigner(Signature signature, AlgorithmIdentifier algorithmId) {
            this.signature = signature;
            this.algorithmId = algorithmId;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithmId;
        }

        @Override
        public OutputStream getOutputStream() {
            return out;
        }

        @Override
        public byte[] getSignature() {
            try {
                return signature.sign();
            } catch (SignatureException e) {
                throw new RuntimeOperatorException("signing failed", e);
            }
        }
    }
}
