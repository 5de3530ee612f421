package io.lamassu.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import io.lamassu.kms.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivateKeysTest {

    private static void assertSameKey(KeyPair parsed, KeyPair original) {
        assertThat(parsed.getPublic().getEncoded()).isEqualTo(original.getPublic().getEncoded());
        assertThat(parsed.getPrivate().getEncoded()).isEqualTo(original.getPrivate().getEncoded());
    }

    @Test
    void parsesPkcs1RsaPem() {
        KeyPair rsa = TestKeys.rsa(2048);
        String pem = TestKeys.traditionalPem(rsa.getPrivate());
        assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertSameKey(PrivateKeys.parse(pem), rsa);
        assertSameKey(PrivateKeys.parse(TestKeys.b64(pem)), rsa);
    }

    @ParameterizedTest
    @CsvSource({"secp256r1,256", "secp384r1,384", "secp521r1,521"})
    void parsesSec1EcPemAndDerivesThePublicKey(String curve, int bits) {
        KeyPair ec = TestKeys.ec(curve);
        String pem = TestKeys.traditionalPem(ec.getPrivate());
        assertThat(pem).startsWith("-----BEGIN EC PRIVATE KEY-----");
        KeyPair parsed = PrivateKeys.parse(TestKeys.b64(pem));
        assertThat(parsed.getPublic().getEncoded()).isEqualTo(ec.getPublic().getEncoded());
        assertThat(KeyAlgorithm.sizeOf(parsed.getPublic())).isEqualTo(bits);
    }

    @Test
    void parsesPkcs8ForEveryAlgorithm() {
        for (KeyPair kp : new KeyPair[] {TestKeys.rsa(2048), TestKeys.ec("secp256r1"), TestKeys.ed25519()}) {
            String pem = TestKeys.pkcs8Pem(kp.getPrivate());
            assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(PrivateKeys.parse(pem).getPublic().getEncoded()).isEqualTo(kp.getPublic().getEncoded());
            String der = Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded());
            assertThat(PrivateKeys.parse(der).getPublic().getEncoded()).isEqualTo(kp.getPublic().getEncoded());
        }
        KeyPair ed = PrivateKeys.parse(TestKeys.pkcs8Pem(TestKeys.ed25519().getPrivate()));
        assertThat(KeyAlgorithm.of(ed.getPublic())).isEqualTo(KeyAlgorithm.ED25519);
    }

    @Test
    void parsesKeysMadeByOpenssl(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl not installed");
        String[][] commands = {
            {"openssl", "genrsa", "-traditional", "-out", "rsa.pem", "2048"},
            {"openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.pem"},
            {"openssl", "genpkey", "-algorithm", "ed25519", "-out", "ed.pem"},
            {"openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "ec8.pem"},
        };
        for (String[] cmd : commands) {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            String pem = Files.readString(dir.resolve(cmd[cmd.length - (cmd[1].equals("genrsa") ? 2 : 1)]));
            KeyPair kp = PrivateKeys.parse(pem);
            Process pub = new ProcessBuilder("openssl", "pkey", "-pubout", "-outform", "DER")
                    .redirectInput(dir.resolve(cmd[cmd.length - (cmd[1].equals("genrsa") ? 2 : 1)]).toFile()).start();
            byte[] spki = pub.getInputStream().readAllBytes();
            assertThat(pub.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(kp.getPublic().getEncoded()).as(String.join(" ", cmd)).isEqualTo(spki);
        }
    }

    @Test
    void rejectsShortRsaKeys() {
        String pem = TestKeys.traditionalPem(TestKeys.rsa(1024).getPrivate());
        assertCode(pem, "UNSUPPORTED_KEY_SIZE");
    }

    @Test
    void rejectsNonNistCurves() {
        assertCode(TestKeys.traditionalPem(TestKeys.ec("secp256k1").getPrivate()), "UNSUPPORTED_CURVE");
    }

    @Test
    void rejectsMalformedInput() {
        assertCode("", PrivateKeys.INVALID);
        assertCode("not base64 !!!", PrivateKeys.INVALID);
        assertCode(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}), PrivateKeys.INVALID);
        assertCode("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", PrivateKeys.INVALID);
        assertCode("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", PrivateKeys.INVALID);
        assertCode("-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n", PrivateKeys.INVALID);
        assertCode("-----BEGIN PRIVATE KEY-----\nnot-pem", PrivateKeys.INVALID);
    }

    @Test
    void rejectsEncryptedKeys() {
        assertCode("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
                "ENCRYPTED_PRIVATE_KEY");
        assertCode("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\n"
                + "AAAA\n-----END RSA PRIVATE KEY-----\n", "ENCRYPTED_PRIVATE_KEY");
    }

    private static void assertCode(String input, String code) {
        assertThatThrownBy(() -> PrivateKeys.parse(input)).isInstanceOfSatisfying(LamassuException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
