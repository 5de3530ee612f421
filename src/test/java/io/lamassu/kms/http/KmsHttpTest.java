package io.lamassu.kms.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.kms.TestKeys;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The KMS REST API through a real server (SQLite). */
class KmsHttpTest {
    static final String KEYS = "/api/kms/v1/keys";
    static TestApp app;
    static TestHttp admin;
    static TestHttp operator;
    static TestHttp viewer;
    static final List<String> bodies = new ArrayList<>();

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        admin = TestHttp.plain(app.httpBase(), app.token("admin"));
        operator = admin.withToken(app.token("operator"));
        viewer = admin.withToken(app.token("viewer"));
    }

    @AfterAll
    static void stop() {
        app.close();
        assertThat(bodies).isNotEmpty().noneMatch(b -> b.contains("PRIVATE KEY"));
    }

    static TestHttp.Response seen(TestHttp.Response r) {
        bodies.add(r.body());
        for (String v : List.of(r.body())) {
            // The public key field is base64(PEM); decode every base64-looking string to be thorough.
            r.json().findValues("public_key").forEach(n -> bodies.add(
                    new String(Base64.getDecoder().decode(n.asText()), StandardCharsets.US_ASCII)));
        }
        return r;
    }

    static JsonNode create(Map<String, Object> body) {
        TestHttp.Response r = seen(admin.post(KEYS, body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @ParameterizedTest
    @CsvSource({"RSA,2048,2048", "rsa,3072,3072", "ECDSA,256,256", "ecdsa,384,384", "ECDSA,521,521",
            "Ed25519,0,256", "ED25519,4096,256"})
    void createsEachAlgorithm(String algorithm, int size, int expected) {
        JsonNode k = create(Map.of("algorithm", algorithm, "size", size, "name", "k-" + algorithm));
        assertThat(k.get("size").asInt()).isEqualTo(expected);
        assertThat(k.get("has_private_key").asBoolean()).isTrue();
        assertThat(k.get("engine_id").asText()).isEqualTo("filesystem-1");
        assertThat(k.get("key_id").asText()).matches("[0-9a-f]{64}");
        assertThat(k.get("pkcs11_uri").asText())
                .isEqualTo("pkcs11:token-id=filesystem-1;id=" + k.get("key_id").asText() + ";type=private");
        String pem = new String(Base64.getDecoder().decode(k.get("public_key").asText()), StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----");
        TestHttp.Response got = seen(viewer.get(KEYS + "/" + k.get("key_id").asText()));
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json()).isEqualTo(k);
    }

    @ParameterizedTest
    @CsvSource({"RSA,1024,UNSUPPORTED_KEY_SIZE", "RSA,0,MISSING_KEY_SIZE", "ECDSA,224,UNSUPPORTED_KEY_SIZE",
            "DSA,2048,UNSUPPORTED_KEY_ALGORITHM"})
    void rejectsUnsupportedKeys(String algorithm, int size, String code) {
        TestHttp.Response r = seen(admin.post(KEYS, Map.of("algorithm", algorithm, "size", size)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo(code);
    }

    @Test
    void importsEveryFormatAndRefusesDuplicates() {
        KeyPair rsa = TestKeys.rsa(2048);
        KeyPair ec = TestKeys.ec("secp384r1");
        KeyPair ed = TestKeys.ed25519();
        Map<String, String> inputs = Map.of(
                "pkcs1-b64", TestKeys.b64(TestKeys.traditionalPem(rsa.getPrivate())),
                "sec1-raw", TestKeys.traditionalPem(ec.getPrivate()),
                "pkcs8-ed", TestKeys.b64(TestKeys.pkcs8Pem(ed.getPrivate())));
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            TestHttp.Response r = seen(admin.post(KEYS + "/import", Map.of("private_key", e.getValue(), "name", e.getKey())));
            assertThat(r.status()).as(e.getKey() + " " + r.body()).isEqualTo(201);
        }
        TestHttp.Response again = seen(admin.post(KEYS + "/import",
                Map.of("private_key", TestKeys.b64(TestKeys.pkcs8Pem(rsa.getPrivate())))));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("KEY_ALREADY_EXISTS");
    }

    @Test
    void signAndVerifyRoundTripWithIndependentCheck() throws Exception {
        JsonNode k = create(Map.of("algorithm", "ECDSA", "size", 256));
        String id = k.get("key_id").asText();
        byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(msg);
        TestHttp.Response s = seen(operator.post(KEYS + "/" + id + "/sign",
                Map.of("algorithm", "ECDSA_SHA_256", "message", b64, "message_type", "raw")));
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        String sig = s.json().get("signature").asText();
        TestHttp.Response v = seen(operator.post(KEYS + "/" + id + "/verify",
                Map.of("algorithm", "ECDSA_SHA_256", "message", b64, "signature", sig, "message_type", "raw")));
        assertThat(v.json().get("valid").asBoolean()).isTrue();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("other".getBytes(StandardCharsets.UTF_8));
        TestHttp.Response bad = seen(operator.post(KEYS + "/" + id + "/verify", Map.of("algorithm", "ECDSA_SHA_256",
                "message", Base64.getEncoder().encodeToString(digest), "signature", sig, "message_type", "hash")));
        assertThat(bad.json().get("valid").asBoolean()).isFalse();
        Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        jdk.initVerify(app.app().kms().publicKey(id));
        jdk.update(msg);
        assertThat(jdk.verify(Base64.getDecoder().decode(sig))).isTrue();
    }

    @Test
    void pkcs11UriAndAliasResolve() {
        JsonNode k = create(Map.of("algorithm", "ECDSA", "size", 256));
        String id = k.get("key_id").asText();
        String uri = URLEncoder.encode(k.get("pkcs11_uri").asText(), StandardCharsets.UTF_8).replace("+", "%20");
        assertThat(seen(viewer.get(KEYS + "/" + uri)).json().get("key_id").asText()).isEqualTo(id);
        TestHttp.Response a = seen(admin.put(KEYS + "/" + id + "/alias",
                Map.of("patches", List.of(Map.of("op", "add", "path", "/-", "value", "uri-alias")))));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(seen(viewer.get(KEYS + "/uri-alias")).json().get("key_id").asText()).isEqualTo(id);
    }

    @Test
    void viewerCannotCreate() {
        TestHttp.Response r = viewer.post(KEYS, Map.of("algorithm", "ECDSA", "size", 256));
        assertThat(r.status()).isEqualTo(403);
        assertThat(operator.post(KEYS, Map.of("algorithm", "ECDSA", "size", 256)).status()).isEqualTo(403);
    }

    @Test
    void unknownKeyIs404() {
        TestHttp.Response r = viewer.get(KEYS + "/" + "ab".repeat(32));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("code").asText()).isEqualTo("KEY_NOT_FOUND");
    }
}
