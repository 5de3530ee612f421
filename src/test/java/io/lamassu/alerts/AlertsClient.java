package io.lamassu.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.events.CloudEvent;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The Alerts API over real TLS, plus the two things tests drive by hand: the outbox relay and the dispatcher. */
final class AlertsClient {
    static final String BASE = "/api/alerts/v1";
    final TestApp app;
    private final TestHttp base;

    AlertsClient(TestApp app) {
        this.app = app;
        this.base = TestHttp.tls(app, null);
    }

    /** An admin client; tokens are minted at the test clock's time, so tests may move the clock freely. */
    TestHttp admin() {
        return as("test-admin", "admin");
    }

    /** A client whose token's subject is {@code user}, with {@code role}. */
    TestHttp as(String user, String role) {
        return base.withToken(app.app().tokenIssuer().mint(user, List.of(role), Duration.ofHours(1)));
    }

    static Map<String, Object> body(String eventType, Map<String, Object> channel, Map<?, ?>... conditions) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("event_type", eventType);
        b.put("conditions", List.of(conditions));
        b.put("channel", channel);
        return b;
    }

    static Map<String, Object> webhook(String url) {
        return Map.of("type", "WEBHOOK", "name", "ops", "config", Map.of("webhook_url", url));
    }

    static Map<String, Object> webhook(String url, String secret) {
        return Map.of("type", "WEBHOOK", "name", "ops", "config", Map.of("webhook_url", url, "secret", secret));
    }

    static Map<String, String> jsonPath(String path) {
        return Map.of("type", "JSON-PATH", "condition", path);
    }

    TestHttp.Response subscribe(TestHttp client, String user, Object body) {
        return client.post(BASE + "/user/" + user + "/subscribe", body);
    }

    /** Subscribes and returns the new subscription's id (from the Location header). */
    String subscribeOk(String user, Object body) {
        TestHttp.Response r = subscribe(as(user, "viewer"), user, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String location = r.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    JsonNode subscriptions(String user) {
        TestHttp.Response r = as(user, "viewer").get(BASE + "/user/" + user + "/subscriptions");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The delivery log page of a subscription. */
    JsonNode deliveries(String user, String sub, String query) {
        TestHttp.Response r = as(user, "viewer").get(BASE + "/user/" + user + "/subscriptions/" + sub + "/deliveries"
                + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    JsonNode onlyDelivery(String user, String sub) {
        JsonNode list = deliveries(user, sub, "").get("list");
        assertThat(list).as(list.toString()).hasSize(1);
        return list.get(0);
    }

    /** Relays committed events to the bus (the alerts consumer records its deliveries then). */
    void drain() {
        app.app().outboxRelay().drain();
    }

    /**
     * Sends everything due at the test clock's time, round after round (one attempt per
     * subscription at a time), until a round finds nothing in flight and nothing due.
     */
    void deliverDue() {
        try {
            for (int round = 0; round < 1000; round++) {
                if (app.app().alerts().dispatcher().runDue().get(30, TimeUnit.SECONDS) == 0) {
                    return;
                }
            }
            throw new AssertionError("deliveries still due after 1000 rounds");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void publish(CloudEvent e) {
        app.app().eventBus().deliver(e);
    }

    /** A real API call that publishes {@code device-group.create}; returns the group's id. */
    String createGroup(String name) {
        TestHttp.Response r = admin().post("/api/devmanager/v1/device-groups", Map.of("name", name));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    void deleteGroup(String id) {
        assertThat(admin().delete("/api/devmanager/v1/device-groups/" + id).status()).isEqualTo(204);
    }

    static void assertError(TestHttp.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("code").asText()).as(r.body()).isEqualTo(code);
    }
}
