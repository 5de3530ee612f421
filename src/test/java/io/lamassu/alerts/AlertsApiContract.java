package io.lamassu.alerts;

import static io.lamassu.alerts.AlertsClient.BASE;
import static io.lamassu.alerts.AlertsClient.assertError;
import static io.lamassu.alerts.AlertsClient.body;
import static io.lamassu.alerts.AlertsClient.jsonPath;
import static io.lamassu.alerts.AlertsClient.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.testkit.TestHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Alerts API over HTTPS: who may manage which subscriptions, bad input, the latest events and
 * the consumer's idempotency. Run on SQLite and on PostgreSQL. Delivery behaviour is in
 * {@link AlertsDeliveryContract}.
 */
abstract class AlertsApiContract extends AlertsTestBase {
    @Test
    void aUserSubscribesListsAndUnsubscribesThemselves() {
        String alice = user();
        TestHttp client = api.as(alice, "viewer");
        TestHttp.Response r = api.subscribe(client, alice, body("certificate.status.update",
                AlertsClient.webhook("https://hooks.example.com/pki", "a-very-secret-hmac-key"),
                jsonPath("$.data.updated[?(@.status == 'REVOKED')]")));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("a-very-secret-hmac-key");
        JsonNode s = r.json().get(0);
        assertThat(r.header("Location")).isEqualTo(BASE + "/user/" + alice + "/subscriptions/" + s.get("id").asText());
        assertThat(s.get("user_id").asText()).isEqualTo(alice);
        assertThat(s.get("event_type").asText()).isEqualTo("certificate.status.update");
        assertThat(s.get("subscription_ts").asText()).isNotEmpty();
        assertThat(s.get("conditions").get(0).get("type").asText()).isEqualTo("JSON-PATH");
        assertThat(s.get("channel").get("type").asText()).isEqualTo("WEBHOOK");
        assertThat(s.get("channel").get("config").get("secret_configured").asBoolean()).isTrue();
        assertThat(s.get("channel").get("config").get("validate_server_cert").asBoolean()).isTrue();
        String id = s.get("id").asText();
        TestHttp.Response one = client.get(BASE + "/user/" + alice + "/subscriptions/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).doesNotContain("a-very-secret-hmac-key");
        TestHttp.Response gone = client.post(BASE + "/user/" + alice + "/unsubscribe/" + id, "");
        assertThat(gone.status()).as(gone.body()).isEqualTo(200);
        assertThat(gone.json()).isEmpty();
        assertError(client.post(BASE + "/user/" + alice + "/unsubscribe/" + id, ""), 404, "SUBSCRIPTION_NOT_FOUND");
        assertError(client.get(BASE + "/user/" + alice + "/subscriptions/" + id + "/deliveries"), 404,
                "SUBSCRIPTION_NOT_FOUND");
    }

    @Test
    void onlyTheUserThemselvesOrAnAdminManagesTheirSubscriptions() {
        String alice = user();
        String bob = user();
        String sub = api.subscribeOk(alice, body("ca.*", webhook("https://hooks.example.com/a")));
        TestHttp asBob = api.as(bob, "operator");
        assertError(asBob.get(BASE + "/user/" + alice + "/subscriptions"), 403, "NOT_YOUR_SUBSCRIPTIONS");
        assertError(api.subscribe(asBob, alice, body("*", webhook("https://evil.example/"))), 403,
                "NOT_YOUR_SUBSCRIPTIONS");
        assertError(asBob.post(BASE + "/user/" + alice + "/unsubscribe/" + sub, ""), 403, "NOT_YOUR_SUBSCRIPTIONS");
        assertError(asBob.get(BASE + "/user/" + bob + "/subscriptions/" + sub), 404, "SUBSCRIPTION_NOT_FOUND");
        assertError(api.as("x", "viewer").withToken(null).get(BASE + "/user/" + alice + "/subscriptions"), 401, "MISSING_TOKEN");
        TestHttp.Response byAdmin = api.subscribe(api.admin(), alice, body("device.*", webhook("https://hooks.example.com/b")));
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
        assertThat(byAdmin.json()).hasSize(2);
        assertThat(api.admin().get(BASE + "/user/" + alice + "/subscriptions").json()).hasSize(2);
        assertThat(api.admin().post(BASE + "/user/" + alice + "/unsubscribe/" + sub, "").json()).hasSize(1);
    }

    @Test
    void badInputIsRefusedWithAStableCodeAndChangesNothing() {
        String u = user();
        TestHttp c = api.as(u, "viewer");
        String url = "https://hooks.example.com/x";
        Map<String, Object> ok = body("certificate.*", webhook(url));
        List<Object[]> cases = new ArrayList<>(List.of(
                new Object[] {body("*", Map.of("type", "SMS", "config", Map.of())), 400, "UNKNOWN_CHANNEL_TYPE"},
                new Object[] {body("*", webhook("ftp://x.example/")), 400, "INVALID_WEBHOOK_URL"},
                new Object[] {body("*", webhook("not a url")), 400, "INVALID_WEBHOOK_URL"},
                new Object[] {body("*", webhook(url), jsonPath("$.data[?(@.x ==")), 400, "INVALID_CONDITION"},
                new Object[] {body("*", webhook(url), Map.of("type", "JSON-SCHEMA", "condition", "{\"type\": 5}")), 400,
                    "INVALID_CONDITION"},
                new Object[] {body("*", webhook(url), Map.of("type", "JAVASCRIPT",
                        "condition", "function(event) { return true; }")), 400, "JAVASCRIPT_CONDITIONS_NOT_SUPPORTED"},
                new Object[] {body("*", webhook(url), jsonPath("$." + "a".repeat(17_000))), 400, "CONDITION_TOO_LARGE"},
                new Object[] {body("certficate.status.update", webhook(url)), 400, "UNKNOWN_EVENT_TYPE"},
                new Object[] {body("certificate.*.update", webhook(url)), 400, "INVALID_EVENT_TYPE"},
                new Object[] {body("*", Map.of("type", "WEBHOOK", "config", Map.of("webhook_url", url, "sekret", "x"))),
                    400, "UNKNOWN_CHANNEL_CONFIG_KEY"},
                new Object[] {Map.of("event_type", "*"), 400, "MISSING_CHANNEL"},
                new Object[] {Map.of("event_type", "*", "channel", webhook(url), "extra", 1), 400, "MALFORMED_JSON"},
                new Object[] {"{\"event_type\": ", 400, "MALFORMED_JSON"}));
        List<Map<String, String>> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(jsonPath("$.id"));
        }
        Map<String, Object> tooMany = new java.util.HashMap<>(ok);
        tooMany.put("conditions", eleven);
        cases.add(new Object[] {tooMany, 400, "TOO_MANY_CONDITIONS"});
        for (Object[] k : cases) {
            assertError(api.subscribe(c, u, k[0]), (int) k[1], (String) k[2]);
        }
        TestHttp.Response text = c.sendBytes("POST", BASE + "/user/" + u + "/subscribe", "text/plain", "{}".getBytes());
        assertError(text, 415, "UNSUPPORTED_MEDIA_TYPE");
        // Bodies over server.max_body_bytes get 413 from the platform (HttpPlatformTest); the limits here are the API's own.
        String longUser = "u".repeat(300);
        assertError(api.subscribe(api.admin(), longUser, ok), 400, "INVALID_USER_ID");
        assertThat(api.subscriptions(u)).isEmpty();
        assertThat(app.app().jdbc().count("SELECT COUNT(*) FROM audit_log WHERE action = 'alerts.subscribe'"
                + " AND outcome = 'SUCCESS' AND actor_id = ?", u)).isZero();
    }

    @Test
    void aUserHasAtMostTheConfiguredNumberOfSubscriptions() {
        String u = user();
        for (int i = 0; i < 5; i++) {
            api.subscribeOk(u, body("device.*", webhook("https://hooks.example.com/" + i)));
        }
        assertError(api.subscribe(api.as(u, "viewer"), u, body("device.*", webhook("https://hooks.example.com/6"))),
                422, "SUBSCRIPTION_LIMIT_REACHED");
        assertThat(api.subscriptions(u)).hasSize(5);
    }

    @Test
    void latestEventsCountEveryTypeAndARedeliveredEventChangesNothing() {
        String u = user();
        String sub = api.subscribeOk(u, body("kms.*", webhook("https://127.0.0.1:9/unused")));
        var first = TestEvents.event("kms.tags.update", "kms/k1", Map.of("previous", Map.of(), "updated", Map.of()));
        var second = TestEvents.event("kms.tags.update", "kms/k1", Map.of("previous", Map.of(), "updated", Map.of()));
        long before = counter("kms.tags.update");
        api.publish(first);
        api.publish(second);
        api.publish(second);
        api.publish(first);
        assertThat(counter("kms.tags.update")).isEqualTo(before + 2);
        JsonNode latest = latest("kms.tags.update");
        assertThat(latest.get("event_type").asText()).isEqualTo("kms.tags.update");
        assertThat(latest.get("event").get("id").asText()).isEqualTo(second.id());
        assertThat(latest.get("event").get("data").get("updated").isObject()).isTrue();
        assertThat(latest.get("seen_at").asText()).isNotEmpty();
        assertThat(api.deliveries(u, sub, "").get("list")).hasSize(2);
    }

    @Test
    void anEventTypeSeenOnTheBusCanBeSubscribedEvenIfNotInTheCatalogue() {
        String u = user();
        assertError(api.subscribe(api.as(u, "viewer"), u, body("est.cacerts.served", webhook("https://h.example/"))),
                400, "UNKNOWN_EVENT_TYPE");
        api.publish(TestEvents.event("est.cacerts.served", "dms/x", Map.of()));
        api.subscribeOk(u, body("est.cacerts.served", webhook("https://h.example/")));
    }

    static long counter(String type) {
        JsonNode n = latest(type);
        return n == null ? 0 : n.get("counter").asLong();
    }

    static JsonNode latest(String type) {
        TestHttp.Response r = api.as(user(), "viewer").get(BASE + "/events/latest");
        assertThat(r.status()).isEqualTo(200);
        for (JsonNode n : r.json()) {
            if (n.get("event_types").asText().equals(type)) {
                return n;
            }
        }
        return null;
    }
}
