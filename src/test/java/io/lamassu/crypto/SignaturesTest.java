package io.lamassu.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import io.lamassu.kms.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Every scheme, raw and pre-hashed, checked by the JDK's own providers (not Bouncy Castle). */
class SignaturesTest {
    static final KeyPair RSA = TestKeys.rsa(2048);
    static final KeyPair EC = TestKeys.ec("secp256r1");
    static final KeyPair ED = TestKeys.ed25519();
    static final byte[] MESSAGE = "the quick brown fox".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(Signatures.Scheme.class)
    void rawAndHashedSignaturesVerifyWithTheJdk(Signatures.Scheme scheme) throws Exception {
        KeyPair kp = pair(scheme.keyAlgorithm());
        byte[] raw = Signatures.sign(kp.getPrivate(), scheme.keyAlgorithm(), scheme, MESSAGE, false);
        assertThat(jdkVerify(scheme, kp.getPublic(), raw)).isTrue();
        assertThat(Signatures.verify(kp.getPublic(), scheme.keyAlgorithm(), scheme, MESSAGE, false, raw)).isTrue();
        if (scheme != Signatures.Scheme.ED25519) {
            byte[] digest = MessageDigest.getInstance(digestOf(scheme)).digest(MESSAGE);
            byte[] hashed = Signatures.sign(kp.getPrivate(), scheme.keyAlgorithm(), scheme, digest, true);
            assertThat(jdkVerify(scheme, kp.getPublic(), hashed)).isTrue();
            assertThat(Signatures.verify(kp.getPublic(), scheme.keyAlgorithm(), scheme, digest, true, raw)).isTrue();
        }
        raw[raw.length / 2] ^= 1;
        assertThat(Signatures.verify(kp.getPublic(), scheme.keyAlgorithm(), scheme, MESSAGE, false, raw)).isFalse();
    }

    @Test
    void garbageSignatureIsInvalidNotAnError() {
        Signatures.Scheme s = Signatures.Scheme.ECDSA_SHA_256;
        assertThat(Signatures.verify(EC.getPublic(), KeyAlgorithm.ECDSA, s, MESSAGE, false, new byte[] {1, 2})).isFalse();
    }

    @Test
    void rejectsWrongDigestLengthAndIncompatibleAlgorithms() {
        assertCode(() -> Signatures.sign(EC.getPrivate(), KeyAlgorithm.ECDSA, Signatures.Scheme.ECDSA_SHA_384,
                new byte[32], true), "INVALID_DIGEST_LENGTH");
        assertCode(() -> Signatures.sign(EC.getPrivate(), KeyAlgorithm.ECDSA, Signatures.Scheme.RSASSA_PSS_SHA_256,
                MESSAGE, false), "INCOMPATIBLE_SIGNING_ALGORITHM");
        assertCode(() -> Signatures.sign(ED.getPrivate(), KeyAlgorithm.ED25519, Signatures.Scheme.ED25519,
                new byte[32], true), "INVALID_MESSAGE_TYPE");
        assertCode(() -> Signatures.Scheme.parse("SHA256WithRSA"), "UNSUPPORTED_SIGNING_ALGORITHM");
        assertCode(() -> Signatures.isPrehashed("RAWISH"), "INVALID_MESSAGE_TYPE");
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable c, String code) {
        assertThatThrownBy(c).isInstanceOfSatisfying(LamassuException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static KeyPair pair(KeyAlgorithm a) {
        return switch (a) {
            case RSA -> RSA;
            case ECDSA -> EC;
            case ED25519 -> ED;
        };
    }

    private static String digestOf(Signatures.Scheme s) {
        return "SHA-" + s.name().substring(s.name().length() - 3);
    }

    private static boolean jdkVerify(Signatures.Scheme scheme, PublicKey bcKey, byte[] sig) throws Exception {
        String n = scheme.name();
        Signature v;
        PublicKey key;
        if (scheme == Signatures.Scheme.ED25519) {
            v = Signature.getInstance("Ed25519", "SunEC");
            key = KeyFactory.getInstance("Ed25519", "SunEC").generatePublic(new X509EncodedKeySpec(bcKey.getEncoded()));
        } else if (n.startsWith("ECDSA")) {
            v = Signature.getInstance("SHA" + n.substring(n.length() - 3) + "withECDSA", "SunEC");
            key = KeyFactory.getInstance("EC", "SunEC").generatePublic(new X509EncodedKeySpec(bcKey.getEncoded()));
        } else if (n.startsWith("RSASSA_PSS")) {
            v = Signature.getInstance("RSASSA-PSS", "SunRsaSign");
            String d = digestOf(scheme);
            v.setParameter(new PSSParameterSpec(d, "MGF1", new MGF1ParameterSpec(d), Integer.parseInt(n.substring(n.length() - 3)) / 8, 1));
            key = KeyFactory.getInstance("RSA", "SunRsaSign").generatePublic(new X509EncodedKeySpec(bcKey.getEncoded()));
        } else {
            v = Signature.getInstance("SHA" + n.substring(n.length() - 3) + "withRSA", "SunRsaSign");
            key = KeyFactory.getInstance("RSA", "SunRsaSign").generatePublic(new X509EncodedKeySpec(bcKey.getEncoded()));
        }
        v.initVerify(key);
        v.update(MESSAGE);
        return v.verify(sig);
    }
}
