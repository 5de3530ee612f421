package io.lamassu.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.ca.ProfileRulesTest;
import io.lamassu.ca.TestKeys;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

class CsrsAndCertificatesTest {
    static final KeyPair KP = TestKeys.generate("ECDSA", 256);
    static final PKCS10CertificationRequest CSR = TestKeys.csr(KP, DistinguishedName.ofCommonName("d1"), List.of());

    @Test
    void acceptsBase64DerBase64PemAndRawPem() throws Exception {
        byte[] der = CSR.getEncoded();
        String pem = TestKeys.pem(CSR);
        assertThat(Csrs.parseAndVerify(TestKeys.base64Der(CSR)).getEncoded()).isEqualTo(der);
        assertThat(Csrs.parseAndVerify(Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)))
                .getEncoded()).isEqualTo(der);
        assertThat(Csrs.parseAndVerify(pem).getEncoded()).isEqualTo(der);
    }

    @Test
    void rejectsMalformedInput() {
        ProfileRulesTest.assertCode(() -> Csrs.parse("%%%not base64%%%"), "INVALID_CSR");
        ProfileRulesTest.assertCode(() -> Csrs.parse(Base64.getEncoder().encodeToString("hello".getBytes())),
                "INVALID_CSR");
        ProfileRulesTest.assertCode(() -> Csrs.parse("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
                + "-----END CERTIFICATE REQUEST-----\n"), "INVALID_CSR");
        ProfileRulesTest.assertCode(() -> Csrs.parse(""), "INVALID_CSR");
    }

    @Test
    void rejectsCsrWhoseSignatureDoesNotVerify() throws Exception {
        byte[] der = CSR.getEncoded();
        der[der.length - 5] ^= 0x01;
        String tampered = Base64.getEncoder().encodeToString(der);
        ProfileRulesTest.assertCode(() -> Csrs.parseAndVerify(tampered), "CSR_SIGNATURE_INVALID");
    }

    @Test
    void serialsAreRandomPositiveEvenLengthLowercaseHex() {
        SerialNumbers serials = new SerialNumbers(new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            BigInteger n = serials.next();
            assertThat(n.signum()).isPositive();
            assertThat(n.bitLength()).isLessThanOrEqualTo(128);
            String s = SerialNumbers.format(n);
            assertThat(s).matches("([0-9a-f]{2})+");
            seen.add(s);
        }
        assertThat(seen).hasSize(1000);
        assertThat(SerialNumbers.normalize("0A:1B-2C")).isEqualTo("0a1b2c");
        assertThat(SerialNumbers.normalize("A1B2C")).isEqualTo("0a1b2c");
        ProfileRulesTest.assertCode(() -> SerialNumbers.normalize("xyz"), "INVALID_SERIAL_NUMBER");
    }

    @Test
    void keyStrengthFollowsUpstreamRule() {
        assertThat(KeyInfo.of("RSA", 1024).strength()).isEqualTo("LOW");
        assertThat(KeyInfo.of("RSA", 2048).strength()).isEqualTo("MEDIUM");
        assertThat(KeyInfo.of("RSA", 4096).strength()).isEqualTo("HIGH");
        assertThat(KeyInfo.of("ECDSA", 256).strength()).isEqualTo("HIGH");
        assertThat(KeyInfo.of("ECDSA", 224).strength()).isEqualTo("MEDIUM");
        assertThat(Certificates.keyInfo(KP.getPublic())).isEqualTo(new KeyInfo("ECDSA", 256, "HIGH"));
    }
}
