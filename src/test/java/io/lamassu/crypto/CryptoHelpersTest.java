package io.lamassu.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.testkit.Gen;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

/** Serial numbers, key usage names and PEM/base64 decoding: small helpers every request goes through. */
class CryptoHelpersTest {
    @Test
    void serialsAreRandomPositive128BitNumbersPrintedAsEvenLengthLowercaseHex() {
        SerialNumbers serials = new SerialNumbers(new SecureRandom());
        for (int i = 0; i < 200; i++) {
            BigInteger n = serials.next();
            assertThat(n.signum()).isPositive();
            assertThat(n.bitLength()).isLessThanOrEqualTo(128);
            String hex = SerialNumbers.format(n);
            assertThat(hex).matches("([0-9a-f]{2})+");
            assertThat(new BigInteger(hex, 16)).isEqualTo(n);
        }
        assertThat(SerialNumbers.format(BigInteger.valueOf(0xabc))).isEqualTo("0abc");
    }

    @Test
    void everyWrittenFormOfASerialNormalisesToTheSameText() {
        Gen.forAll(200, g -> {
            BigInteger n = new BigInteger(g.between(1, 160), new java.util.Random(g.between(0, 1_000_000_000)))
                    .add(BigInteger.ONE);
            String canonical = SerialNumbers.format(n);
            String upper = canonical.toUpperCase(Locale.ROOT);
            String colons = String.join(":", canonical.split("(?<=\\G..)"));
            String dashes = String.join("-", upper.split("(?<=\\G..)"));
            for (String form : List.of(canonical, upper, colons, dashes, " " + colons + "\n", "00" + canonical)) {
                assertThat(SerialNumbers.normalize(form)).as(form).isEqualTo(canonical);
            }
        });
    }

    @Test
    void serialsThatAreNotHexAreA400() {
        for (String bad : new String[] {null, "", "  ", "xyz", "12 34", "0x12", "1".repeat(65), "١٢", "ab;cd"}) {
            assertThatThrownBy(() -> SerialNumbers.normalize(bad)).as(String.valueOf(bad)).extracting("code")
                    .isEqualTo("INVALID_SERIAL_NUMBER");
        }
    }

    @Test
    void keyUsageNamesAreCanonicalisedCaseInsensitivelyAndDeduplicated() {
        assertThat(KeyUsages.canonicalKeyUsages(List.of("digitalsignature", "DIGITALSIGNATURE", "CertSign")))
                .containsExactly("DigitalSignature", "CertSign");
        assertThat(KeyUsages.canonicalExtendedKeyUsages(List.of("clientauth", "ocspsigning")))
                .containsExactly("ClientAuth", "OCSPSigning");
        assertThat(KeyUsages.canonicalKeyUsages(null)).isEmpty();
        assertThatThrownBy(() -> KeyUsages.canonicalKeyUsages(List.of("Sign"))).extracting("code")
                .isEqualTo("INVALID_KEY_USAGE");
        assertThatThrownBy(() -> KeyUsages.canonicalExtendedKeyUsages(List.of("ClientAuthentication")))
                .extracting("code").isEqualTo("INVALID_EXTENDED_KEY_USAGE");
    }

    @Test
    void keyUsageBitsAndNamesRoundTripForEverySubset() {
        List<String> all = List.of("DigitalSignature", "ContentCommitment", "KeyEncipherment", "DataEncipherment",
                "KeyAgreement", "CertSign", "CRLSign", "EncipherOnly", "DecipherOnly");
        for (int mask = 0; mask < (1 << all.size()); mask++) {
            List<String> subset = new java.util.ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    subset.add(all.get(i));
                }
            }
            assertThat(KeyUsages.names(KeyUsages.keyUsage(subset))).as(subset.toString()).isEqualTo(subset);
        }
        List<String> ekus = List.of("ServerAuth", "ClientAuth", "MicrosoftKernelCodeSigning");
        assertThat(KeyUsages.names(KeyUsages.extendedKeyUsage(ekus))).isEqualTo(ekus);
        ExtendedKeyUsage unknown = new ExtendedKeyUsage(KeyPurposeId.getInstance(new ASN1ObjectIdentifier("1.2.3.4")));
        assertThat(KeyUsages.names(unknown)).containsExactly("1.2.3.4");
    }

    @Test
    void base64IsStrictButToleratesLineBreaks() {
        byte[] data = new byte[100];
        new SecureRandom().nextBytes(data);
        String b64 = Base64.getEncoder().encodeToString(data);
        String wrapped = Base64.getMimeEncoder().encodeToString(data);
        assertThat(Pem.base64(b64, "X")).isEqualTo(data);
        assertThat(Pem.base64(wrapped, "X")).isEqualTo(data);
        assertThat(Pem.base64(" " + b64 + "\n", "X")).isEqualTo(data);
        for (String bad : new String[] {"%%%", "%%%garbage", b64 + "!", "QQ=A", "Q", b64.replace('A', '-')}) {
            if (bad.equals(b64.replace('A', '-')) && !b64.contains("A")) {
                continue;
            }
            assertThatThrownBy(() -> Pem.base64(bad, "INVALID_CSR")).as(bad).extracting("code")
                    .isEqualTo("INVALID_CSR");
        }
        assertThatThrownBy(() -> Pem.base64("  ", "INVALID_CSR")).extracting("code").isEqualTo("INVALID_CSR");
    }

    @Test
    void derIsFoundInEachOfTheThreeEncodings() {
        byte[] der = {0x30, 0x03, 0x02, 0x01, 0x07};
        String pem = Pem.encode("CERTIFICATE", der);
        assertThat(Pem.derFromAnyEncoding(pem, "CERTIFICATE", "X")).isEqualTo(der);
        assertThat(Pem.derFromAnyEncoding(Pem.base64OfPem("CERTIFICATE", der), "CERTIFICATE", "X")).isEqualTo(der);
        assertThat(Pem.derFromAnyEncoding(Base64.getEncoder().encodeToString(der), "CERTIFICATE", "X"))
                .isEqualTo(der);
        String two = Pem.encode("PRIVATE KEY", new byte[] {1}) + pem;
        assertThat(Pem.derFromAnyEncoding(two, "CERTIFICATE", "X")).isEqualTo(der);
        assertThatThrownBy(() -> Pem.derFromAnyEncoding(Pem.encode("PRIVATE KEY", der), "CERTIFICATE", "X"))
                .extracting("code").isEqualTo("X");
        assertThatThrownBy(() -> Pem.derFromAnyEncoding("-----BEGIN CERTIFICATE-----\n%%%\n", "CERTIFICATE", "X"))
                .extracting("code").isEqualTo("X");
        assertThatThrownBy(() -> Pem.decodeAll(new String("no pem here".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8), "X")).extracting("code").isEqualTo("X");
    }
}
