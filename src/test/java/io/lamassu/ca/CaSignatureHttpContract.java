package io.lamassu.ca;

import static io.lamassu.ca.CaApi.BASE;
import static io.lamassu.ca.CaApi.assertError;
import static io.lamassu.ca.CaIssuanceHttpTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.crypto.Certificates;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Upstream's CA signature API ({@code /cas/{id}/signature/sign} and {@code /verify}): round trips
 * for EC and RSA CAs, raw messages and digests, checked independently with the JDK against the CA
 * certificate's public key; bad input is a 400 that changes nothing.
 */
abstract class CaSignatureHttpContract {
    static final byte[] MESSAGE = "firmware image 1.4.2".getBytes(StandardCharsets.UTF_8);
    static TestApp app;
    static CaApi api;
    static String ec;
    static String rsa;

    static void startWith(TestApp started) {
        app = started;
        api = new CaApi(app);
        api.createProfile("sig-device", "1y");
        ec = unique("sig-ec");
        rsa = unique("sig-rsa");
        api.createCa(ec, null, "sig-device");
        Map<String, Object> body = CaApi.caBody(rsa, null, "RSA signer", "sig-device");
        body.put("key_metadata", Map.of("type", "RSA", "bits", 2048));
        assertThat(api.admin.post(BASE + "/cas", body).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void ecdsaRawAndDigestSignaturesVerifyHereAndWithTheCaCertificate() throws Exception {
        for (String alg : new String[] {"ECDSA_SHA_256", "ECDSA_SHA_384", "ECDSA_SHA_512"}) {
            String hash = "SHA-" + alg.substring(alg.length() - 3);
            String raw = sign(ec, MESSAGE, "raw", alg);
            assertThat(verify(ec, MESSAGE, "raw", alg, raw)).isTrue();
            assertThat(jdk(ec, hash.replace("-", "") + "withECDSA", null, raw)).isTrue();
            byte[] digest = MessageDigest.getInstance(hash).digest(MESSAGE);
            String fromDigest = sign(ec, digest, "hash", alg);
            assertThat(jdk(ec, hash.replace("-", "") + "withECDSA", null, fromDigest)).isTrue();
            assertThat(verify(ec, digest, "digest", alg, fromDigest)).isTrue();
            assertThat(verify(ec, MESSAGE, "raw", alg, fromDigest)).isTrue();
            assertThat(verify(ec, tampered(), "raw", alg, raw)).isFalse();
        }
        assertThat(api.events("ca.sign.signature", "ca/" + ec)).isGreaterThanOrEqualTo(6);
        assertThat(app.app().jdbc().count("SELECT COUNT(*) FROM audit_log WHERE action = 'ca.sign.signature'"
                + " AND object_id = ? AND outcome = 'SUCCESS'", ec)).isGreaterThanOrEqualTo(6);
    }

    @Test
    void rsaPkcs1AndPssSignaturesRoundTripRawAndDigest() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(MESSAGE);
        String pkcs1 = sign(rsa, MESSAGE, "raw", "RSASSA_PKCS1_V1_5_SHA_256");
        assertThat(jdk(rsa, "SHA256withRSA", null, pkcs1)).isTrue();
        assertThat(verify(rsa, digest, "hash", "RSASSA_PKCS1_V1_5_SHA_256", pkcs1)).isTrue();
        assertThat(sign(rsa, digest, "hash", "RSASSA_PKCS1_V1_5_SHA_256")).isEqualTo(pkcs1);
        String pss = sign(rsa, digest, "hash", "RSASSA_PSS_SHA_256");
        assertThat(jdk(rsa, "RSASSA-PSS", new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1),
                pss)).isTrue();
        assertThat(verify(rsa, MESSAGE, "raw", "RSASSA_PSS_SHA_256", pss)).isTrue();
        assertThat(verify(rsa, tampered(), "raw", "RSASSA_PSS_SHA_256", pss)).isFalse();
        String sha512 = sign(rsa, MESSAGE, "raw", "RSASSA_PKCS1_V1_5_SHA_512");
        assertThat(verify(rsa, MESSAGE, "raw", "RSASSA_PKCS1_V1_5_SHA_512", sha512)).isTrue();
        assertThat(verify(rsa, MESSAGE, "raw", "RSASSA_PKCS1_V1_5_SHA_256", sha512)).isFalse();
        assertThat(verify(rsa, MESSAGE, "raw", "RSASSA_PKCS1_V1_5_SHA_256", "bm90IGEgc2lnbmF0dXJl")).isFalse();
    }

    @Test
    void badInputIsA400AndNeedsTheRightRole() {
        String sign = BASE + "/cas/" + ec + "/signature/sign";
        String verify = BASE + "/cas/" + ec + "/signature/verify";
        String m = b64(MESSAGE);
        long events = api.events("ca.sign.signature", "ca/" + ec);
        assertError(api.admin.post(sign, body("%%%", "raw", "ECDSA_SHA_256", null)), 400, "INVALID_MESSAGE");
        assertError(api.admin.post(sign, body(null, "raw", "ECDSA_SHA_256", null)), 400, "INVALID_MESSAGE");
        assertError(api.admin.post(sign, body(m, "raw", "RSASSA_PSS_SHA_256", null)), 400,
                "INCOMPATIBLE_SIGNING_ALGORITHM");
        assertError(api.admin.post(sign, body(m, "raw", "SHA256withECDSA", null)), 400,
                "UNSUPPORTED_SIGNING_ALGORITHM");
        assertError(api.admin.post(sign, body(m, "raw", null, null)), 400, "MISSING_SIGNING_ALGORITHM");
        assertError(api.admin.post(sign, body(m, "hash", "ECDSA_SHA_256", null)), 400, "INVALID_DIGEST_LENGTH");
        assertError(api.admin.post(sign, body(m, "sideways", "ECDSA_SHA_256", null)), 400, "INVALID_MESSAGE_TYPE");
        assertError(api.admin.post(verify, body(m, "raw", "ECDSA_SHA_256", null)), 400, "INVALID_SIGNATURE");
        assertError(api.admin.post(verify, body(m, "raw", "ECDSA_SHA_256", "%%%")), 400, "INVALID_SIGNATURE");
        assertError(api.admin.post(BASE + "/cas/ghost/signature/sign", body(m, "raw", "ECDSA_SHA_256", null)), 404,
                "CA_NOT_FOUND");
        assertError(api.admin.post(BASE + "/cas/ghost/signature/verify", body(m, "raw", "ECDSA_SHA_256", m)), 404,
                "CA_NOT_FOUND");
        assertError(api.operator.post(sign, body(m, "raw", "ECDSA_SHA_256", null)), 403, "INSUFFICIENT_ROLE");
        assertError(api.viewer.post(verify, body(m, "raw", "ECDSA_SHA_256", m)), 403, "INSUFFICIENT_ROLE");
        assertThat(api.operator.post(verify, body(m, "raw", "ECDSA_SHA_256", m)).json().get("valid").asBoolean())
                .isFalse();
        assertThat(api.events("ca.sign.signature", "ca/" + ec)).isEqualTo(events);
    }

    @Test
    void aRevokedCaSignsNothingButItsOldSignaturesStillVerify() {
        String ca = unique("sig-revoked");
        api.createCa(ca, null, "sig-device");
        String signature = sign(ca, MESSAGE, "raw", "ECDSA_SHA_256");
        TestHttp.Response revoked = api.admin.post(BASE + "/cas/" + ca + "/status",
                Map.of("status", "REVOKED", "revocation_reason", "CessationOfOperation"));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(201);
        assertError(api.admin.post(BASE + "/cas/" + ca + "/signature/sign", body(b64(MESSAGE), "raw",
                "ECDSA_SHA_256", null)), 409, "CA_NOT_ACTIVE");
        assertThat(verify(ca, MESSAGE, "raw", "ECDSA_SHA_256", signature)).isTrue();
    }

    // ---- helpers ----

    static Map<String, Object> body(String message, String type, String alg, String signature) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("message", message);
        b.put("message_type", type);
        b.put("signature_algorithm", alg);
        if (signature != null) {
            b.put("signature", signature);
        }
        return b;
    }

    static String sign(String ca, byte[] message, String type, String alg) {
        TestHttp.Response r = api.admin.post(BASE + "/cas/" + ca + "/signature/sign", body(b64(message), type, alg,
                null));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("signed_data").asText();
    }

    static boolean verify(String ca, byte[] message, String type, String alg, String signature) {
        TestHttp.Response r = api.operator.post(BASE + "/cas/" + ca + "/signature/verify", body(b64(message), type,
                alg, signature));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("valid").asBoolean();
    }

    /** Checks the signature over {@link #MESSAGE} with the JDK and the CA certificate's public key. */
    static boolean jdk(String ca, String algorithm, PSSParameterSpec pss, String signature) throws Exception {
        JsonNode cert = api.ca(ca).get("certificate");
        PublicKey key = new JcaX509CertificateConverter().getCertificate(Certificates.parse(
                cert.get("certificate").asText(), "TEST")).getPublicKey();
        Signature s = Signature.getInstance(algorithm);
        if (pss != null) {
            s.setParameter(pss);
        }
        s.initVerify(key);
        s.update(MESSAGE);
        return s.verify(Base64.getDecoder().decode(signature));
    }

    static byte[] tampered() {
        byte[] t = MESSAGE.clone();
        t[0] ^= 1;
        return t;
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
