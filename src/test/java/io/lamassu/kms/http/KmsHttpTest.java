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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The KMS REST API through a real server; one subclass per database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KmsHttpTest {
    static final String KEYS = "/api/kms/v1/keys";
    TestApp app;
    TestHttp admin;
    TestHttp operator;
    TestHttp viewer;
    final List<String> bodies = new ArrayList<>();

    abstract TestApp newApp();

    @BeforeAll
    void start() {
        app = newApp();
        admin = TestHttp.plain(app.httpBase(), app.token("admin"));
        operator = admin.withToken(app.token("operator"));
        viewer = admin.withToken(app.token("viewer"));
        app.app().eventBus().subscribe("kms.#", "kms-http-test", events::add);
    }

    final java.util.concurrent.LinkedBlockingQueue<io.lamassu.events.CloudEvent> events =
            new java.util.concurrent.LinkedBlockingQueue<>();

    /** Event types delivered for {@code subject}, waiting (bounded) for the asynchronous relay. */
    List<String> eventTypes(String subject, int expected) throws InterruptedException {
        app.app().outboxRelay().drain();
        List<String> types = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (types.size() < expected && System.nanoTime() < deadline) {
            io.lamassu.events.CloudEvent e = events.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (e != null && e.subject().equals(subject)) {
                types.add(e.type());
                bodies.add(String.valueOf(e.data()));
            }
        }
        return types;
    }

    @AfterAll
    void stop() {
        if (app == null) {
            return;
        }
        app.close();
        assertThat(bodies).isNotEmpty().noneMatch(b -> b.contains("PRIVATE KEY"));
    }

    TestHttp.Response seen(TestHttp.Response r) {
        bodies.add(r.body());
        if (r.body().startsWith("{") || r.body().startsWith("[")) {
            // public_key is base64(PEM): decode it too, so a leaked private block could not hide there.
            r.json().findValues("public_key").forEach(n -> bodies.add(
                    new String(Base64.getDecoder().decode(n.asText()), StandardCharsets.US_ASCII)));
        }
        return r;
    }

    JsonNode create(Map<String, Object> body) {
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

    String newKey(String algorithm, int size, String name, List<String> tags, Map<String, Object> metadata) {
        return create(Map.of("algorithm", algorithm, "size", size, "name", name, "tags", tags, "metadata", metadata))
                .get("key_id").asText();
    }

    List<String> listIds(String query) {
        TestHttp.Response r = seen(viewer.get(KEYS + query));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().get("list").forEach(n -> ids.add(n.get("key_id").asText()));
        return ids;
    }

    @Test
    void listsWithFiltersAndBookmarks() {
        String tag = "t" + System.nanoTime();
        String a = newKey("RSA", 3072, "list-a", List.of(tag, "prod"), Map.of("site", "north"));
        String b = newKey("ECDSA", 256, "list-b", List.of(tag), Map.of("site", "south"));
        String c = newKey("ECDSA", 384, "list-c", List.of(tag, "prod"), Map.of("site", "north"));
        String t = "?filter=tags[ct]" + tag;
        assertThat(listIds(t)).containsExactlyInAnyOrder(a, b, c);
        assertThat(listIds(t + "&filter=algorithm[eq]ECDSA&filter=size[ge]384")).containsExactly(c);
        assertThat(listIds(t + "&filter=tags[ct]prod&sort_by=size&sort_mode=desc")).containsExactly(a, c);
        assertThat(listIds(t + "&filter=name[eq]=list-b")).containsExactly(b);
        assertThat(listIds(t + "&filter=has_private_key[eq]true")).hasSize(3);
        assertThat(listIds(t + "&filter=" + URLEncoder.encode("metadata[jsonpath]$.site == \"north\"",
                StandardCharsets.UTF_8))).containsExactlyInAnyOrder(a, c);
        TestHttp.Response first = seen(viewer.get(KEYS + t + "&page_size=2&sort_by=name"));
        assertThat(first.json().get("list")).hasSize(2);
        String next = first.json().get("next").asText();
        assertThat(next).isNotEmpty();
        assertThat(listIds("?bookmark=" + next)).containsExactly(c);
        TestHttp.Response bad = viewer.get(KEYS + "?filter=size[ct]3");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(viewer.get(KEYS + "?filter=colour[eq]red").status()).isEqualTo(400);
        TestHttp.Response stats = seen(viewer.get("/api/kms/v1/stats?filter=tags[ct]" + tag));
        assertThat(stats.json().get("total_keys").asInt()).isEqualTo(3);
        assertThat(stats.json().get("keys_distribution_per_algorithm").get("ECDSA").asInt()).isEqualTo(2);
        assertThat(stats.json().get("keys_distribution_per_engine").get("filesystem-1").asInt()).isEqualTo(3);
    }

    @Test
    void renamesTagsAndPatchesMetadata() throws Exception {
        String id = newKey("ECDSA", 256, "before", List.of("a"), Map.of("keep", 1));
        TestHttp.Response r = seen(admin.put(KEYS + "/" + id + "/name", Map.of("name", "after")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo("after");
        r = seen(admin.put(KEYS + "/" + id + "/tags", Map.of("tags", List.of("x", "y"))));
        assertThat(r.json().get("tags")).hasSize(2);
        r = seen(admin.put(KEYS + "/" + id + "/metadata", Map.of("patches", List.of(
                Map.of("op", "add", "path", "/location", "value", Map.of()),
                Map.of("op", "add", "path", "/location/site", "value", "f3"),
                Map.of("op", "remove", "path", "/keep")))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("metadata").toString()).isEqualTo("{\"location\":{\"site\":\"f3\"}}");
        r = seen(admin.patch(KEYS + "/" + id + "/metadata", "application/merge-patch+json", Map.of("extra", true)));
        assertThat(r.json().get("metadata").get("extra").asBoolean()).isTrue();
        TestHttp.Response failing = admin.put(KEYS + "/" + id + "/metadata", Map.of("patches", List.of(
                Map.of("op", "add", "path", "/n", "value", 1), Map.of("op", "replace", "path", "/missing", "value", 2))));
        assertThat(failing.status()).isEqualTo(422);
        JsonNode now = seen(viewer.get(KEYS + "/" + id)).json();
        assertThat(now.get("metadata").has("n")).isFalse();
        assertThat(now.get("name").asText()).isEqualTo("after");
        assertThat(viewer.put(KEYS + "/" + id + "/name", Map.of("name", "v")).status()).isEqualTo(403);
        assertThat(eventTypes("kms/" + id, 5)).containsExactly("kms.create", "kms.name.update", "kms.tags.update",
                "kms.metadata.update", "kms.metadata.update");
        assertThatAudited("kms.name.update", id);
    }

    @Test
    void aliasesAreUniqueAcrossKeys() {
        String a = newKey("ECDSA", 256, "", List.of(), Map.of());
        String b = newKey("ECDSA", 256, "", List.of(), Map.of());
        String alias = "alias-" + System.nanoTime();
        Map<String, Object> add = Map.of("patches", List.of(Map.of("op", "add", "path", "/-", "value", alias)));
        assertThat(seen(admin.put(KEYS + "/" + a + "/alias", add)).json().get("aliases").get(0).asText()).isEqualTo(alias);
        TestHttp.Response clash = admin.put(KEYS + "/" + b + "/alias", add);
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().get("code").asText()).isEqualTo("KEY_ALIAS_EXISTS");
        TestHttp.Response idLike = admin.put(KEYS + "/" + b + "/alias",
                Map.of("patches", List.of(Map.of("op", "add", "path", "/-", "value", a))));
        assertThat(idLike.status()).isEqualTo(400);
    }

    @Test
    void deletesAndThenReports404() {
        String id = newKey("Ed25519", 0, "gone", List.of(), Map.of());
        assertThat(operator.delete(KEYS + "/" + id).status()).isEqualTo(403);
        TestHttp.Response d = admin.delete(KEYS + "/" + id);
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.json().get("status").asText()).isEqualTo("deleted");
        assertThat(viewer.get(KEYS + "/" + id).status()).isEqualTo(404);
        assertThat(admin.delete(KEYS + "/" + id).status()).isEqualTo(404);
        assertThat(operator.post(KEYS + "/" + id + "/sign", Map.of("algorithm", "ED25519", "message", "aGk=")).status())
                .isEqualTo(404);
        assertThatAudited("kms.delete", id);
    }

    @Test
    void aKeyThatSignsForACaSignsOnlyForAnAdmin() {
        // A CA key signing a chosen digest could forge certificates and CRLs: admin only, as the CA's
        // own signature endpoint (an unbound key keeps the operator role: the round-trip test above).
        io.lamassu.ca.CaApi ca = new io.lamassu.ca.CaApi(app);
        ca.createProfile("kms-guard-profile", "1y");
        ca.createCa("kms-guard-ca", null, "kms-guard-profile");
        String keyId = app.app().jdbc().queryOne("SELECT key_id FROM kms_key_bindings WHERE resource_id = ?",
                rs -> rs.getString(1), "kms-guard-ca").orElseThrow();
        Map<String, Object> body = Map.of("algorithm", "ECDSA_SHA_256", "message", "aGk=", "message_type", "raw");
        TestHttp.Response refused = operator.post(KEYS + "/" + keyId + "/sign", body);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("code").asText()).isEqualTo("INSUFFICIENT_ROLE");
        assertThat(seen(admin.post(KEYS + "/" + keyId + "/sign", body)).status()).isEqualTo(200);
    }

    void assertThatAudited(String action, String id) {
        assertThat(app.app().jdbc().count("SELECT COUNT(*) FROM audit_log WHERE action = ? AND object_id = ?"
                + " AND outcome = 'SUCCESS' AND actor_id = 'test-admin'", action, id)).isEqualTo(1);
    }

    @Test
    void badInputGetsPrecise4xxAndStoresNothing() {
        long before = app.app().jdbc().count("SELECT COUNT(*) FROM kms_keys");
        TestHttp.Response r = admin.post(KEYS + "/import", Map.of("private_key", "%%%not base64"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asText()).isEqualTo("INVALID_PRIVATE_KEY");
        r = admin.post(KEYS + "/import", Map.of("private_key", TestKeys.b64("-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n")));
        assertThat(r.status()).isEqualTo(400);
        r = admin.post(KEYS + "/import", Map.of("private_key", TestKeys.traditionalPem(TestKeys.rsa(1024).getPrivate())));
        assertThat(r.json().get("code").asText()).isEqualTo("UNSUPPORTED_KEY_SIZE");
        r = admin.post(KEYS, Map.of("algorithm", "ECDSA", "size", 256, "engine_id", "hsm-9"));
        assertThat(r.json().get("code").asText()).isEqualTo("UNKNOWN_ENGINE");
        r = admin.post(KEYS, Map.of("algorithm", "ECDSA", "size", 256, "colour", "red"));
        assertThat(r.status()).isEqualTo(400);
        r = admin.send("POST", KEYS, "text/plain", "{\"algorithm\":\"ECDSA\",\"size\":256}");
        assertThat(r.status()).isEqualTo(415);
        r = admin.send("POST", KEYS, "application/json", "{not json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(app.app().jdbc().count("SELECT COUNT(*) FROM kms_keys")).isEqualTo(before);
    }

    @Test
    void signRejectsBadRequests() {
        String id = newKey("RSA", 2048, "", List.of(), Map.of());
        String path = KEYS + "/" + id + "/sign";
        assertThat(code(operator.post(path, Map.of("algorithm", "ECDSA_SHA_256", "message", "aGk="))))
                .isEqualTo("INCOMPATIBLE_SIGNING_ALGORITHM");
        assertThat(code(operator.post(path, Map.of("algorithm", "RSASSA_PSS_SHA_256", "message", "aGk=",
                "message_type", "hash")))).isEqualTo("INVALID_DIGEST_LENGTH");
        assertThat(code(operator.post(path, Map.of("algorithm", "SHA256WithRSA", "message", "aGk="))))
                .isEqualTo("UNSUPPORTED_SIGNING_ALGORITHM");
        assertThat(code(operator.post(path, Map.of("algorithm", "RSASSA_PSS_SHA_256", "message", "!!"))))
                .isEqualTo("INVALID_MESSAGE");
        assertThat(viewer.post(path, Map.of("algorithm", "RSASSA_PSS_SHA_256", "message", "aGk=")).status())
                .isEqualTo(403);
        TestHttp.Response ok = seen(operator.post(path, Map.of("algorithm", "RSASSA_PSS_SHA_512", "message", "aGk=")));
        assertThat(ok.status()).isEqualTo(200);
        TestHttp.Response v = seen(operator.post(KEYS + "/" + id + "/verify", Map.of("algorithm", "RSASSA_PSS_SHA_512",
                "message", "aGk=", "signature", ok.json().get("signature").asText())));
        assertThat(v.json().get("valid").asBoolean()).isTrue();
    }

    static String code(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        return r.json().get("code").asText();
    }

    @Test
    void listsTheSoftwareEngine() {
        TestHttp.Response r = seen(viewer.get("/api/kms/v1/engines"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode e = r.json().get(0);
        assertThat(e.get("id").asText()).isEqualTo("filesystem-1");
        assertThat(e.get("default").asBoolean()).isTrue();
        assertThat(e.get("supported_key_types").toString()).contains("\"RSA\"", "4096", "\"Ed25519\"");
    }

    @Test
    void storedPrivateKeysAreCiphertext() {
        KeyPair kp = TestKeys.ec("secp256r1");
        TestHttp.Response r = seen(admin.post(KEYS + "/import", Map.of("private_key",
                TestKeys.b64(TestKeys.pkcs8Pem(kp.getPrivate())))));
        String id = r.json().get("key_id").asText();
        byte[] stored = app.app().jdbc().queryOne("SELECT private_key FROM kms_keys WHERE key_id = ?",
                rs -> rs.getBytes(1), id).orElseThrow();
        byte[] der = kp.getPrivate().getEncoded();
        String storedText = java.util.HexFormat.of().formatHex(stored);
        assertThat(storedText).doesNotContain(java.util.HexFormat.of().formatHex(der).substring(der.length));
        assertThat(stored.length).isEqualTo(1 + 12 + der.length + 16);
        String all = app.app().jdbc().query("SELECT * FROM kms_keys", rs -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                sb.append(rs.getString(i)).append('|');
            }
            return sb.toString();
        }).toString();
        assertThat(all).doesNotContain("PRIVATE KEY");
    }
}
