package io.lamassu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.ca.CaApi;
import io.lamassu.common.json.Json;
import io.lamassu.events.CloudEvent;
import io.lamassu.testkit.Openssl;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The seed guide's HTTP calls against a real server over TLS: the CA, DMS and device manager APIs
 * with the three roles, openssl-made CSRs, and every event the outbox delivered.
 */
final class SeedGuideClient {
    static final String CA = "/api/ca/v1";
    static final String DEV = "/api/devmanager/v1";
    static final String DMS = "/api/dmsmanager/v1";
    static final String ATTACHED_TO = "lamassu.io/ra/attached-to";

    final TestApp app;
    TestHttp admin;
    TestHttp operator;
    TestHttp viewer;
    TestHttp anonymous;
    final Openssl openssl = Openssl.inTempDir();
    private final List<CloudEvent> delivered = new CopyOnWriteArrayList<>();

    SeedGuideClient(TestApp app) {
        this.app = app;
        app.app().eventBus().subscribe("#", "seed-guide-" + System.nanoTime(), delivered::add);
        mintTokens();
    }

    /** Tokens live an hour of the test clock: mint new ones whenever the clock moves. */
    private void mintTokens() {
        this.admin = TestHttp.tls(app, app.token("admin"));
        this.operator = admin.withToken(app.token("operator"));
        this.viewer = admin.withToken(app.token("viewer"));
        this.anonymous = admin.withToken(null);
    }

    void moveClockTo(java.time.Instant instant) {
        app.clock().set(instant);
        mintTokens();
    }

    void advanceClock(java.time.Duration d) {
        moveClockTo(app.clock().instant().plus(d));
    }

    static String q(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    static JsonNode ok(TestHttp.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : r.json();
    }

    static void assertError(TestHttp.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("code").asText()).as(r.body()).isEqualTo(code);
    }

    // --- CA (admin) -------------------------------------------------------------------------

    /** The guide's prerequisites: device profile, issuing CA (admin) and the DMS with its deltas. */
    void createSeedPrerequisites(String validity, String preventiveDelta, String criticalDelta) {
        createProfile("device-profile", validity);
        createCa("issuing-ca-01", null, "device-profile");
        createDms("manufacturing-dms", "issuing-ca-01", preventiveDelta, criticalDelta);
    }

    /** An issuance profile for device certificates valid for {@code validity} (upstream duration). */
    JsonNode createProfile(String id, String validity) {
        return ok(admin.post(CA + "/profiles", CaApi.profileBody(id, validity)), 201);
    }

    JsonNode createCa(String id, String parentId, String profileId) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", id);
        b.put("parent_id", parentId);
        b.put("subject", Map.of("common_name", id.toUpperCase(), "organization", "Acme Corp"));
        b.put("key_metadata", Map.of("type", "ECDSA", "bits", 256));
        b.put("ca_expiration", Map.of("type", "Duration", "duration", "5y"));
        b.put("profile_id", profileId);
        return ok(admin.post(CA + "/cas", b), 201);
    }

    /** The seed's two openssl commands (key + CSR with the subject, then DER in base64 on one line). */
    String csr(String deviceId) {
        return openssl.deviceCsrBase64Der(deviceId, "/CN=" + deviceId + "/O=Acme Corp");
    }

    /** The seed's sign call, body written exactly as in the guide; returns the certificate. */
    JsonNode sign(String caId, String csrB64) {
        String body = "{\"csr\": \"" + csrB64 + "\", \"profile_id\": \"device-profile\"}";
        return ok(operator.post(CA + "/cas/" + caId + "/sign", body), 201);
    }

    String signedSerial(String caId, String deviceId) {
        return sign(caId, csr(deviceId)).get("serial_number").asText();
    }

    JsonNode certificate(String serial) {
        return ok(viewer.get(CA + "/certificates/" + serial), 200);
    }

    TestHttp.Response setCertificateStatus(String serial, String status, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        if (reason != null) {
            body.put("revocation_reason", reason);
        }
        return operator.put(CA + "/certificates/" + serial + "/status", body);
    }

    // --- DMS ------------------------------------------------------------------------------

    /** A DMS whose re-enrollment settings set the renewal window (preventive) and critical deltas. */
    JsonNode createDms(String id, String enrollmentCa, String preventive, String critical) {
        String body = "{\"id\":\"" + id + "\",\"name\":\"Manufacturing line\",\"metadata\":{},\"settings\":{"
                + "\"enrollment_settings\":{\"enrollment_ca\":\"" + enrollmentCa + "\"},"
                + "\"reenrollment_settings\":{\"preventive_delta\":\"" + preventive + "\",\"critical_delta\":\""
                + critical + "\"}}}";
        return ok(admin.post(DMS + "/dms", body), 201);
    }

    TestHttp.Response bind(String deviceId, String serial) {
        return operator.post(DMS + "/dms/bind-identity", "{\"device_id\": \"" + deviceId
                + "\", \"certificate_serial_number\": \"" + serial + "\"}");
    }

    // --- Devices ----------------------------------------------------------------------------

    TestHttp.Response register(String id, String dmsId, List<String> tags, Map<String, Object> metadata) {
        return operator.post(DEV + "/devices", Map.of("id", id, "dms_id", dmsId, "tags", tags, "metadata", metadata));
    }

    JsonNode device(String id) {
        return ok(viewer.get(DEV + "/devices/" + id), 200);
    }

    String status(String id) {
        return device(id).get("status").asText();
    }

    List<String> ids(String pathAndQuery) {
        return ids(viewer.get(pathAndQuery));
    }

    static List<String> ids(TestHttp.Response r) {
        JsonNode page = ok(r, 200);
        List<String> out = new ArrayList<>();
        page.get("list").forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    List<String> devicesWhere(String filter) {
        return ids(DEV + "/devices?filter=" + q(filter));
    }

    List<String> groupMembers(String groupId) {
        return ids(DEV + "/device-groups/" + groupId + "/devices");
    }

    /** Runs the two jobs the scheduler would run at the test clock's time: CA expiry, then device lifecycle. */
    int runJobs() {
        int expired = app.app().expiryJob().runOnce(app.clock().instant());
        return expired + app.app().deviceLifecycle().runOnce(app.clock().instant());
    }

    // --- Events -----------------------------------------------------------------------------

    /** Everything committed so far, delivered through the outbox to the bus (in commit order). */
    List<CloudEvent> events() {
        app.app().outboxRelay().drain();
        return List.copyOf(delivered);
    }

    List<CloudEvent> events(String type, String subject) {
        return events().stream().filter(e -> e.type().equals(type) && e.subject().equals(subject)).toList();
    }

    static JsonNode data(CloudEvent e) {
        try {
            return Json.MAPPER.readTree(e.data());
        } catch (java.io.IOException ex) {
            throw new AssertionError(ex);
        }
    }

    /** The (previous, updated) device statuses of every device.status.update for {@code deviceId}. */
    List<String> statusUpdates(String deviceId) {
        return events("device.status.update", "device/" + deviceId).stream().map(SeedGuideClient::data)
                .map(d -> d.get("previous").get("status").asText() + "->" + d.get("updated").get("status").asText())
                .toList();
    }
}
