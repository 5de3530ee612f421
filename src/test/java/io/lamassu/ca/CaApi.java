package io.lamassu.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small client for the CA API used by the HTTP tests. */
public final class CaApi {
    public static final String BASE = "/api/ca/v1";
    public final TestApp app;
    public final TestHttp admin;
    public final TestHttp operator;
    public final TestHttp viewer;

    private final java.util.List<io.lamassu.events.CloudEvent> delivered =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public CaApi(TestApp app) {
        this.app = app;
        app.app().eventBus().subscribe("#", "ca-test-" + System.nanoTime(), delivered::add);
        this.admin = TestHttp.tls(app, app.token("admin"));
        this.operator = admin.withToken(app.token("operator"));
        this.viewer = admin.withToken(app.token("viewer"));
    }

    public static Map<String, Object> profileBody(String id, String validity) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.put("name", "IoT device profile");
        p.put("validity", Map.of("type", "Duration", "duration", validity));
        p.put("sign_as_ca", false);
        p.put("honor_key_usage", false);
        p.put("key_usage", List.of("DigitalSignature", "KeyAgreement"));
        p.put("honor_extended_key_usages", false);
        p.put("extended_key_usages", List.of("ClientAuth"));
        p.put("honor_subject", true);
        p.put("honor_extensions", true);
        p.put("crypto_enforcement", Map.of("enabled", true, "allow_rsa_keys", true,
                "allowed_rsa_key_sizes", List.of(2048, 3072, 4096), "allow_ecdsa_keys", true,
                "allowed_ecdsa_key_sizes", List.of(256, 384)));
        return p;
    }

    public JsonNode createProfile(String id, String validity) {
        TestHttp.Response r = admin.post(BASE + "/profiles", profileBody(id, validity));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    public static Map<String, Object> caBody(String id, String parentId, String cn, String profileId) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", id);
        b.put("parent_id", parentId);
        b.put("subject", Map.of("common_name", cn, "organization", "Acme Corp"));
        b.put("key_metadata", Map.of("type", "ECDSA", "bits", 256));
        b.put("ca_expiration", Map.of("type", "Duration", "duration", "5y"));
        b.put("profile_id", profileId);
        return b;
    }

    public JsonNode createCa(String id, String parentId, String profileId) {
        TestHttp.Response r = admin.post(BASE + "/cas", caBody(id, parentId, id.toUpperCase(), profileId));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    public TestHttp.Response sign(String caId, String csr, String profileId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("csr", csr);
        if (profileId != null) {
            body.put("profile_id", profileId);
        }
        return operator.post(BASE + "/cas/" + caId + "/sign", body);
    }

    public JsonNode signOk(String caId, String csr, String profileId) {
        TestHttp.Response r = sign(caId, csr, profileId);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    public JsonNode certificate(String serial) {
        TestHttp.Response r = viewer.get(BASE + "/certificates/" + serial);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    public JsonNode ca(String id) {
        TestHttp.Response r = viewer.get(BASE + "/cas/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    public TestHttp.Response setStatus(TestHttp client, String serial, String status, String reason) {
        return client.put(BASE + "/certificates/" + serial + "/status",
                reason == null ? Map.of("status", status) : Map.of("status", status, "revocation_reason", reason));
    }

    public long certificateCount() {
        return app.app().jdbc().count("SELECT COUNT(*) FROM ca_certificates");
    }

    /** Events of this type and subject, delivered or still in the outbox (each counted once). */
    public long events(String type, String subject) {
        java.util.Set<String> ids = new java.util.HashSet<>(app.app().jdbc().query(
                "SELECT event_id FROM event_outbox WHERE type = ? AND subject = ?", rs -> rs.getString(1), type,
                subject));
        delivered.stream().filter(e -> e.type().equals(type) && e.subject().equals(subject))
                .forEach(e -> ids.add(e.id()));
        return ids.size();
    }

    public static void assertError(TestHttp.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("code").asText()).as(r.body()).isEqualTo(code);
    }
}
