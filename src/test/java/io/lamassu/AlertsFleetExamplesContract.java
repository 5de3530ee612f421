package io.lamassu;

import static io.lamassu.SeedGuideClient.CA;
import static io.lamassu.SeedGuideClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.alerts.WebhookReceiver;
import io.lamassu.common.json.Json;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's "Alerts" examples for a fleet operator, subscribed exactly as written there and
 * driven by the real flows: devices reaching ABOUT_TO_EXPIRE, a certificate revoked for key
 * compromise, a CA revoked. Each subscription is told about its events and nothing else.
 */
abstract class AlertsFleetExamplesContract {
    /** README: "any device entered ABOUT_TO_EXPIRE in DMS manufacturing-dms". */
    static final String ABOUT_TO_EXPIRE_IN_DMS = "$.data[?(@.updated.status == 'ABOUT_TO_EXPIRE'"
            + " && @.previous.status != 'ABOUT_TO_EXPIRE' && @.updated.dms_owner == 'manufacturing-dms')]";
    /** README: "a CA was revoked". */
    static final String CA_REVOKED = "$.data.updated.certificate[?(@.status == 'REVOKED')]";
    /** README: "certificate revoked with reason KeyCompromise" (a JSON Schema condition). */
    static final String KEY_COMPROMISE = "{\"type\": \"object\", \"required\": [\"data\"], \"properties\": {\"data\": {"
            + "\"required\": [\"updated\"], \"properties\": {\"updated\": {\"required\": [\"status\", \"revocation_reason\"],"
            + " \"properties\": {\"status\": {\"const\": \"REVOKED\"}, \"revocation_reason\": {\"const\": \"KeyCompromise\"}}}}}}}";
    TestApp app;
    SeedGuideClient api;
    WebhookReceiver receiver;

    abstract TestApp start();

    @BeforeEach
    void setUp() {
        app = start();
        api = new SeedGuideClient(app);
        api.createSeedPrerequisites("1h", "20m", "5m");
        api.createDms("other-dms", "issuing-ca-01", "20m", "5m");
        receiver = WebhookReceiver.http();
    }

    @AfterEach
    void tearDown() {
        if (receiver != null) {
            receiver.close();
        }
        if (app != null) {
            app.close();
        }
    }

    String enrolled(String id, String dms) {
        ok(api.register(id, dms, List.of("sensor"), Map.of()), 201);
        String serial = api.signedSerial("issuing-ca-01", id);
        ok(api.bind(id, serial), 200);
        return serial;
    }

    void subscribe(String eventType, String conditionType, String condition, String path) {
        TestHttp operator = api.viewer.withToken(app.app().tokenIssuer().mint("fleet-operator", List.of("viewer"),
                Duration.ofHours(2)));
        Map<String, Object> body = Map.of("event_type", eventType,
                "conditions", List.of(Map.of("type", conditionType, "condition", condition)),
                "channel", Map.of("type", "WEBHOOK", "name", path, "config", Map.of("webhook_url", receiver.url(path))));
        ok(operator.post("/api/alerts/v1/user/fleet-operator/subscribe", body), 200);
    }

    /** Relays the events, delivers everything due, and returns the subjects each path received. */
    Map<String, List<String>> delivered() throws Exception {
        api.events();
        while (app.app().alerts().dispatcher().runDue().get(30, TimeUnit.SECONDS) > 0) {
            // one attempt per subscription per round
        }
        return receiver.taken().stream().collect(Collectors.groupingBy(WebhookReceiver.Request::path,
                Collectors.mapping(r -> subject(r.body()), Collectors.toList())));
    }

    static String subject(String body) {
        try {
            return Json.MAPPER.readTree(body).get("subject").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void eachExampleIsToldAboutItsEventsAndNothingElse() throws Exception {
        subscribe("device.status.update", "JSON-PATH", ABOUT_TO_EXPIRE_IN_DMS, "/expiring");
        subscribe("ca.status.update", "JSON-PATH", CA_REVOKED, "/ca-revoked");
        subscribe("certificate.status.update", "JSON-SCHEMA", KEY_COMPROMISE, "/key-compromise");
        String serial1 = enrolled("device-001", "manufacturing-dms");
        String serial2 = enrolled("device-002", "other-dms");
        Instant expiry = Instant.parse(api.certificate(serial1).get("valid_to").asText());
        assertThat(delivered()).isEmpty();

        api.moveClockTo(expiry.minus(Duration.ofMinutes(20)));
        api.runJobs();
        assertThat(delivered()).isEmpty();
        api.moveClockTo(expiry.minus(Duration.ofMinutes(5)));
        api.runJobs();
        assertThat(api.status("device-002")).isEqualTo("ABOUT_TO_EXPIRE");
        assertThat(delivered()).containsExactly(Map.entry("/expiring", List.of("device/device-001")));

        ok(api.setCertificateStatus(serial2, "REVOKED", "Superseded"), 200);
        ok(api.setCertificateStatus(serial1, "REVOKED", "KeyCompromise"), 200);
        assertThat(delivered()).containsExactly(Map.entry("/key-compromise", List.of("certificate/" + serial1)));

        api.createCa("plant-root-ca", null, "device-profile");
        ok(api.admin.post(CA + "/cas/plant-root-ca/status", "{\"status\":\"REVOKED\","
                + "\"revocation_reason\":\"KeyCompromise\"}"), 201);
        // The CA's own certificate is a certificate too: revoked for KeyCompromise, it matches that example as well.
        String caSerial = ok(api.viewer.get(CA + "/cas/plant-root-ca"), 200).get("serial_number").asText();
        assertThat(delivered()).containsOnly(Map.entry("/ca-revoked", List.of("ca/plant-root-ca")),
                Map.entry("/key-compromise", List.of("certificate/" + caSerial)));
    }
}
