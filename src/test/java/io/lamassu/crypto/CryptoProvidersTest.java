package io.lamassu.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import io.lamassu.testkit.Openssl;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hot-path signatures (ADR 0210) with the native provider and with Bouncy Castle forced by
 * configuration: certificates, CRLs and OCSP responses signed either way verify with openssl and
 * Bouncy Castle; CSR proof of possession is accepted and refused alike; auto falls back when the
 * native library cannot load, and native then refuses to start.
 */
class CryptoProvidersTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.now();

    @AfterEach
    void restore() {
        CryptoProviders.configure(CryptoProviders.Mode.AUTO);
    }

    @Test
    void nativeProviderLoadsOnThisPlatformAndSigns() throws Exception {
        CryptoProviders.configure(CryptoProviders.Mode.NATIVE);
        assertThat(CryptoProviders.nativeActive()).isTrue();
        KeyPair k = KeyAlgorithm.ECDSA.generate(256, RANDOM);
        assertThat(CryptoProviders.signer("SHA256withECDSA", k.getPrivate()).getProvider().getName())
                .isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(CryptoProviders.describe()).containsEntry("native", true).doesNotContainKey("fallback_reason");
    }

    @Test
    void bouncyCastleForcedByConfigurationSignsWithBouncyCastle() throws Exception {
        CryptoProviders.configure(CryptoProviders.Mode.parse("BouncyCastle"));
        KeyPair k = KeyAlgorithm.ECDSA.generate(256, RANDOM);
        assertThat(CryptoProviders.nativeActive()).isFalse();
        assertThat(CryptoProviders.signer("SHA256withECDSA", k.getPrivate()).getProvider().getName()).isEqualTo("BC");
        assertThat(CryptoProviders.describe()).containsEntry("native", false).containsKey("fallback_reason");
    }

    @Test
    void autoFallsBackWhenTheNativeLibraryCannotLoadAndNativeRefuses() {
        CryptoProviders.configure(CryptoProviders.Mode.AUTO, () -> {
            throw new UnsatisfiedLinkError("no libamazonCorrettoCryptoProvider in java.library.path");
        });
        assertThat(CryptoProviders.nativeActive()).isFalse();
        assertThat(CryptoProviders.describe()).containsEntry("provider", "BC")
                .hasEntrySatisfying("fallback_reason", r -> assertThat((String) r).contains("UnsatisfiedLinkError"));
        assertThatThrownBy(() -> CryptoProviders.configure(CryptoProviders.Mode.NATIVE, () -> {
            throw new IllegalStateException("self-test failed");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("crypto.provider=native");
        assertThatThrownBy(() -> CryptoProviders.Mode.parse("openssl")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = CryptoProviders.Mode.class, names = {"NATIVE", "BOUNCYCASTLE"})
    void certificatesCrlsAndOcspResponsesVerifyWithOpensslAndBouncyCastle(CryptoProviders.Mode mode) throws Exception {
        CryptoProviders.configure(mode);
        for (String curveAndAlg : List.of("256:SHA256withECDSA", "384:SHA384withECDSA")) {
            int bits = Integer.parseInt(curveAndAlg.split(":")[0]);
            String alg = curveAndAlg.split(":")[1];
            KeyPair caKey = KeyAlgorithm.ECDSA.generate(bits, RANDOM);
            X500Name caName = new X500Name("CN=Provider Test CA " + mode);
            SubjectPublicKeyInfo caSpki = SubjectPublicKeyInfo.getInstance(caKey.getPublic().getEncoded());
            X509CertificateHolder ca = X509Issuer.issue(spec(BigInteger.ONE, caName, caSpki, caName, caSpki, true),
                    CryptoProviders.contentSigner(alg, caKey.getPrivate()));
            KeyPair device = KeyAlgorithm.ECDSA.generate(256, RANDOM);
            SubjectPublicKeyInfo deviceSpki = SubjectPublicKeyInfo.getInstance(device.getPublic().getEncoded());
            X509CertificateHolder leaf = X509Issuer.issue(spec(BigInteger.TWO, new X500Name("CN=device-1"),
                    deviceSpki, caName, caSpki, false), CryptoProviders.contentSigner(alg, caKey.getPrivate()));
            assertThat(Certificates.isSignedBy(leaf, caSpki)).isTrue();
            X509CRLHolder crl = crl(caName, caKey, alg);
            assertThat(crl.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER).build(caSpki))).isTrue();
            BasicOCSPResp ocsp = ocsp(ca, leaf, caKey, alg);
            assertThat(ocsp.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER).build(caSpki))).isTrue();

            Openssl o = Openssl.inTempDir();
            Files.writeString(o.dir().resolve("ca.pem"), Certificates.pem(ca));
            Files.writeString(o.dir().resolve("leaf.pem"), Certificates.pem(leaf));
            Files.writeString(o.dir().resolve("crl.pem"), Pem.encode("X509 CRL", crl.getEncoded()));
            Files.write(o.dir().resolve("ocsp.der"),
                    new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, ocsp).getEncoded());
            assertThat(o.run("openssl verify -CAfile ca.pem leaf.pem")).contains("leaf.pem: OK");
            assertThat(o.run("openssl crl -in crl.pem -CAfile ca.pem -noout 2>&1")).contains("verify OK");
            assertThat(o.run("openssl ocsp -respin ocsp.der -VAfile ca.pem -no_nonce 2>&1"))
                    .contains("Response verify OK");
        }
    }

    @ParameterizedTest
    @EnumSource(value = CryptoProviders.Mode.class, names = {"NATIVE", "BOUNCYCASTLE"})
    void csrProofOfPossessionIsCheckedAlikeEitherWay(CryptoProviders.Mode mode) throws Exception {
        CryptoProviders.configure(mode);
        Openssl o = Openssl.inTempDir();
        String p256 = o.deviceCsrBase64Der("d1", "/CN=device-1");
        assertThat(Csrs.parseAndVerify(p256).getSubject().toString()).isEqualTo("CN=device-1");
        o.run("openssl req -new -newkey rsa:2048 -nodes -keyout r.key -subj /CN=rsa-device -outform DER -out r.der");
        Csrs.parseAndVerify(Base64.getEncoder().encodeToString(Files.readAllBytes(o.dir().resolve("r.der"))));
        // A curve AWS-LC does not offer: Bouncy Castle decides, the CSR is still accepted.
        o.run("openssl ecparam -name brainpoolP256r1 -genkey -noout -out b.key");
        o.run("openssl req -new -key b.key -subj /CN=brainpool-device -outform DER -out b.der");
        Csrs.parseAndVerify(Base64.getEncoder().encodeToString(Files.readAllBytes(o.dir().resolve("b.der"))));
        for (String tampered : List.of(tamperSignature(p256), tamperSubject(p256))) {
            assertThatThrownBy(() -> Csrs.parseAndVerify(tampered)).isInstanceOfSatisfying(LamassuException.class,
                    e -> assertThat(e.code()).isEqualTo("CSR_SIGNATURE_INVALID"));
        }
    }

    /** The last byte of the signature value changed. */
    private static String tamperSignature(String base64Der) {
        byte[] der = Base64.getDecoder().decode(base64Der);
        der[der.length - 1] ^= 0x01;
        return Base64.getEncoder().encodeToString(der);
    }

    /** One character of the subject changed ("device-1" → "device-2"): the signature no longer covers it. */
    private static String tamperSubject(String base64Der) {
        byte[] der = Base64.getDecoder().decode(base64Der);
        String latin = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1);
        int i = latin.indexOf("device-1");
        der[i + 7] = '2';
        return Base64.getEncoder().encodeToString(der);
    }

    private static X509Issuer.Spec spec(BigInteger serial, X500Name subject, SubjectPublicKeyInfo key,
                                        X500Name issuer, SubjectPublicKeyInfo issuerKey, boolean ca) {
        return new X509Issuer.Spec(serial, subject, key, issuer, Certificates.keyIdBytes(issuerKey),
                NOW.minusSeconds(60), NOW.plus(Duration.ofDays(30)), ca,
                ca ? List.of("CertSign", "CRLSign") : List.of("DigitalSignature"),
                ca ? List.of() : List.of("ClientAuth"), null, null, null);
    }

    private static X509CRLHolder crl(X500Name issuer, KeyPair caKey, String alg) {
        X509v2CRLBuilder b = new X509v2CRLBuilder(issuer, Date.from(NOW.minusSeconds(1)));
        b.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(1))));
        b.addCRLEntry(BigInteger.TWO, Date.from(NOW.minusSeconds(1)), CRLReason.keyCompromise);
        return b.build(CryptoProviders.contentSigner(alg, caKey.getPrivate()));
    }

    private static BasicOCSPResp ocsp(X509CertificateHolder ca, X509CertificateHolder leaf, KeyPair caKey, String alg)
            throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                .get(CertificateID.HASH_SHA1), ca, leaf.getSerialNumber());
        BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(ca.getSubject()));
        b.addResponse(id, CertificateStatus.GOOD, Date.from(NOW), Date.from(NOW.plus(Duration.ofHours(1))));
        return b.build(CryptoProviders.contentSigner(alg, caKey.getPrivate()), new X509CertificateHolder[] {ca},
                Date.from(NOW));
    }
}
