package io.lamassu.alerts;

import static io.lamassu.alerts.AlertsClient.body;
import static io.lamassu.alerts.AlertsClient.jsonPath;
import static io.lamassu.alerts.AlertsClient.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.common.json.Json;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Delivery with proof, on SQLite and PostgreSQL: every channel against a local receiver, the HMAC
 * signature checked as a receiver would, retries with backoff and the delivery log, and a hanging
 * receiver that delays nobody else. Time moves by the test clock; nothing sleeps.
 */
abstract class AlertsDeliveryContract extends AlertsTestBase {
    static final String SECRET = "receiver-shared-secret-0123456789";

    /** What a receiver does (README "Alerts"): recompute the HMAC over "t.body" and compare. */
    static String hmacHex(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, WebhookReceiver.Request> byPath(List<WebhookReceiver.Request> requests) {
        return requests.stream().collect(Collectors.toMap(WebhookReceiver.Request::path, Function.identity()));
    }

    @Test
    void aWebhookGetsTheCloudEventSignedWithTheSubscriptionsSecret() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.http()) {
            String u = user();
            String signed = api.subscribeOk(u, body("device-group.create", webhook(receiver.url("/signed"), SECRET)));
            api.subscribeOk(u, body("device-group.create", webhook(receiver.url("/plain"))));
            String name = "group-" + UUID.randomUUID();
            api.createGroup(name);
            api.drain();
            api.deliverDue();
            Map<String, WebhookReceiver.Request> got = byPath(receiver.taken());
            assertThat(got).containsOnlyKeys("/signed", "/plain");
            WebhookReceiver.Request r = got.get("/signed");
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.header("Content-Type")).startsWith("application/cloudevents+json");
            JsonNode event = Json.MAPPER.readTree(r.body());
            assertThat(event.get("specversion").asText()).isEqualTo("1.0");
            assertThat(event.get("type").asText()).isEqualTo("device-group.create");
            assertThat(event.get("data").get("name").asText()).isEqualTo(name);
            assertThat(r.header("X-Lamassu-Event-Id")).isEqualTo(event.get("id").asText());
            String[] sig = r.header("X-Lamassu-Signature").split(",");
            long t = Long.parseLong(sig[0].substring("t=".length()));
            assertThat(t).isEqualTo(app.clock().instant().getEpochSecond());
            assertThat(sig[1]).isEqualTo("v1=" + hmacHex(SECRET, t + "." + r.body()));
            assertThat(sig[1]).isNotEqualTo("v1=" + hmacHex(SECRET + "x", t + "." + r.body()));
            assertThat(got.get("/plain").header("X-Lamassu-Signature")).isNull();

            JsonNode d = api.onlyDelivery(u, signed);
            assertThat(d.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(d.get("event_id").asText()).isEqualTo(event.get("id").asText());
            assertThat(d.get("channel").asText()).isEqualTo("WEBHOOK");
            assertThat(d.get("finished_at").isNull()).isFalse();
            JsonNode attempt = d.get("attempt_log").get(0);
            assertThat(attempt.get("outcome").asText()).isEqualTo("DELIVERED");
            assertThat(attempt.get("status_code").asInt()).isEqualTo(200);
            assertThat(attempt.get("reply").asText()).isEqualTo("HTTP 200");
            assertThat(attempt.get("started_at").asText()).isEqualTo(app.clock().instant().toString());
        }
    }

    @Test
    void failedAttemptsAreRetriedWithExponentialBackoffThenMarkedFailed() throws Exception {
        try (WebhookReceiver flaky = WebhookReceiver.http().answer(500, 503);
             WebhookReceiver dead = WebhookReceiver.http().answer(500, 500, 500, 500, 500)) {
            String u = user();
            String recovers = api.subscribeOk(u, body("device-group.create", webhook(flaky.url("/"))));
            String fails = api.subscribeOk(u, body("device-group.create", webhook(dead.url("/"))));
            api.createGroup("group-" + UUID.randomUUID());
            api.drain();
            Instant t0 = app.clock().instant();
            api.deliverDue();
            JsonNode first = api.onlyDelivery(u, recovers);
            assertThat(first.get("status").asText()).isEqualTo("PENDING");
            assertThat(first.get("attempts").asInt()).isEqualTo(1);
            assertThat(Instant.parse(first.get("next_attempt_at").asText())).isEqualTo(t0.plusSeconds(30));
            assertThat(first.get("attempt_log").get(0).get("status_code").asInt()).isEqualTo(500);
            assertThat(first.get("attempt_log").get(0).get("outcome").asText()).isEqualTo("FAILED");

            app.clock().advance(Duration.ofSeconds(29));
            api.deliverDue();
            assertThat(flaky.count() + dead.count()).isEqualTo(2);
            app.clock().advance(Duration.ofSeconds(1));
            api.deliverDue();
            assertThat(flaky.count() + dead.count()).isEqualTo(4);
            JsonNode second = api.onlyDelivery(u, recovers);
            assertThat(Instant.parse(second.get("next_attempt_at").asText())).isEqualTo(t0.plusSeconds(30 + 60));

            app.clock().advance(Duration.ofSeconds(60));
            api.deliverDue();
            JsonNode delivered = api.onlyDelivery(u, recovers);
            assertThat(delivered.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(delivered.get("attempt_log").findValuesAsText("status_code")).containsExactly("500", "503", "200");
            JsonNode failed = api.onlyDelivery(u, fails);
            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("next_attempt_at").isNull()).isTrue();
            assertThat(failed.get("attempt_log").findValuesAsText("outcome")).containsExactly("FAILED", "FAILED", "FAILED");

            app.clock().advance(Duration.ofHours(3));
            api.deliverDue();
            assertThat(dead.count()).isEqualTo(3);
            assertThat(flaky.count()).isEqualTo(3);
        }
    }

    @Test
    void theDeliveryLogIsPagedAndFilteredLikeOtherLists() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.http()) {
            String u = user();
            String sub = api.subscribeOk(u, body("device-group.create", webhook(receiver.url("/"))));
            for (int i = 0; i < 3; i++) {
                api.createGroup("group-" + UUID.randomUUID());
            }
            api.drain();
            api.deliverDue();
            JsonNode page1 = api.deliveries(u, sub, "page_size=2");
            assertThat(page1.get("list")).hasSize(2);
            String next = page1.get("next").asText();
            assertThat(next).isNotEmpty();
            JsonNode page2 = api.deliveries(u, sub, "page_size=2&bookmark=" + next);
            assertThat(page2.get("list")).hasSize(1);
            assertThat(page2.get("next").asText()).isEmpty();
            assertThat(api.deliveries(u, sub, "filter=status[eq]delivered").get("list")).hasSize(3);
            assertThat(api.deliveries(u, sub, "filter=status[eq]FAILED").get("list")).isEmpty();
            String path = AlertsClient.BASE + "/user/" + u + "/subscriptions/" + sub + "/deliveries";
            AlertsClient.assertError(api.as(u, "viewer").get(path + "?filter=status[eq]LOST"), 400, "INVALID_FILTER_VALUE");
            AlertsClient.assertError(api.as(u, "viewer").get(path + "?filter=secret[eq]x"), 400, "INVALID_FILTER_FIELD");
        }
    }

    @Test
    void wildcardsAndConditionsDeliverOnlyWhatWasAskedFor() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.http()) {
            String u = user();
            String first = "group-" + UUID.randomUUID();
            String second = "group-" + UUID.randomUUID();
            api.subscribeOk(u, body("device-group.*", webhook(receiver.url("/wildcard"))));
            api.subscribeOk(u, body("device-group.delete", webhook(receiver.url("/exact"))));
            api.subscribeOk(u, body("*", webhook(receiver.url("/jsonpath")), jsonPath("$.data[?(@.name == '" + first + "')]")));
            api.subscribeOk(u, body("device-group.create", webhook(receiver.url("/schema")), Map.of("type", "JSON-SCHEMA",
                    "condition", Map.of("properties", Map.of("data", Map.of("properties",
                            Map.of("name", Map.of("const", second))))))));
            String id = api.createGroup(first);
            api.createGroup(second);
            api.deleteGroup(id);
            api.drain();
            api.deliverDue();
            Map<String, Long> counts = receiver.taken().stream()
                    .collect(Collectors.groupingBy(WebhookReceiver.Request::path, Collectors.counting()));
            assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("/wildcard", 3L, "/exact", 1L, "/jsonpath", 1L,
                    "/schema", 1L));
        }
    }

    @Test
    void aReceiverThatHangsDelaysNoOtherSubscriptionNorTheEventFlow() throws Exception {
        try (WebhookReceiver hanging = WebhookReceiver.http(); WebhookReceiver fast = WebhookReceiver.http()) {
            hanging.hang();
            String u = user();
            String slow = api.subscribeOk(u, body("device-group.create", webhook(hanging.url("/"))));
            String quick = api.subscribeOk(u, body("device-group.create", webhook(fast.url("/"))));
            var dispatcher = app.app().alerts().dispatcher();
            api.createGroup("group-" + UUID.randomUUID());
            api.drain();
            dispatcher.runDue();
            hanging.next();
            fast.next();
            dispatcher.inFlight(quick).get(10, TimeUnit.SECONDS);
            assertThat(api.onlyDelivery(u, quick).get("status").asText()).isEqualTo("DELIVERED");
            assertThat(dispatcher.inFlight(slow)).isNotDone();

            api.createGroup("group-" + UUID.randomUUID());
            api.drain();
            dispatcher.runDue();
            fast.next();
            dispatcher.inFlight(quick).get(10, TimeUnit.SECONDS);
            assertThat(api.deliveries(u, quick, "filter=status[eq]DELIVERED").get("list")).hasSize(2);
            assertThat(api.deliveries(u, slow, "filter=status[eq]PENDING").get("list")).hasSize(2);
            assertThat(dispatcher.inFlight(slow)).isNotDone();

            hanging.release();
            dispatcher.inFlight(slow).get(10, TimeUnit.SECONDS);
            api.deliverDue();
            assertThat(api.deliveries(u, slow, "filter=status[eq]DELIVERED").get("list")).hasSize(2);
        }
    }

    @Test
    void teamsGetsACardThatSaysWhatHappened() throws Exception {
        try (WebhookReceiver teams = WebhookReceiver.http()) {
            String u = user();
            String sub = api.subscribeOk(u, body("certificate.status.update", Map.of("type", "MSTEAMS", "name", "pki",
                    "config", Map.of("webhook_url", teams.url("/webhookb2/abc")))));
            api.publish(TestEvents.certificateStatus("5f0c", "ACTIVE", "REVOKED", "KeyCompromise"));
            api.deliverDue();
            JsonNode card = Json.MAPPER.readTree(teams.next().body());
            assertThat(card.get("type").asText()).isEqualTo("message");
            JsonNode attachment = card.get("attachments").get(0);
            assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
            JsonNode content = attachment.get("content");
            assertThat(content.get("type").asText()).isEqualTo("AdaptiveCard");
            assertThat(content.get("body").get(0).get("text").asText())
                    .isEqualTo("Certificate 5f0c (CN=device-001) changed status from ACTIVE to REVOKED (reason: KeyCompromise)");
            assertThat(content.get("body").get(1).get("facts").findValuesAsText("value"))
                    .contains("certificate.status.update", "ACTIVE -> REVOKED", "KeyCompromise", "device-001");
            assertThat(api.onlyDelivery(u, sub).get("status").asText()).isEqualTo("DELIVERED");
        }
    }

    @Test
    void anEmailNamesTheDeviceAndWhatHappenedAndItsSmtpReplyIsLogged() throws Exception {
        String u = user();
        String to = u + "@ops.example";
        String sub = api.subscribeOk(u, body("device.status.update", Map.of("type", "EMAIL", "name", "on-call",
                "config", Map.of("email", to)), jsonPath("$.data[?(@.updated.status == 'ABOUT_TO_EXPIRE')]")));
        api.publish(TestEvents.deviceStatus("d-17", "dms-x", "ACTIVE", "RENEWAL_WINDOW"));
        api.publish(TestEvents.deviceStatus("d-17", "dms-x", "RENEWAL_WINDOW", "ABOUT_TO_EXPIRE"));
        api.deliverDue();
        List<MimeMessage> mails = java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(to);
            } catch (Exception e) {
                return false;
            }
        }).toList();
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.get(0);
        assertThat(mail.getSubject())
                .isEqualTo("[Lamassu] Device d-17 (DMS dms-x) changed status from RENEWAL_WINDOW to ABOUT_TO_EXPIRE");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@lamassu.test");
        String text = (String) mail.getContent();
        assertThat(text).contains("Device d-17 (DMS dms-x) changed status from RENEWAL_WINDOW to ABOUT_TO_EXPIRE.",
                "Event:", "device.status.update", "DMS:", "dms-x", "RENEWAL_WINDOW -> ABOUT_TO_EXPIRE",
                "subscription \"on-call\"", "\"status\" : \"ABOUT_TO_EXPIRE\"");
        JsonNode attempt = api.onlyDelivery(u, sub).get("attempt_log").get(0);
        assertThat(attempt.get("outcome").asText()).isEqualTo("DELIVERED");
        assertThat(attempt.get("status_code").asInt()).isEqualTo(250);
        assertThat(attempt.get("reply").asText()).startsWith("250");
    }

    @Test
    void serverCertificatesAreVerifiedUnlessTheSubscriptionTurnsThatOff() throws Exception {
        try (WebhookReceiver selfSigned = WebhookReceiver.selfSignedHttps()) {
            String u = user();
            String verified = api.subscribeOk(u, body("device-group.create", webhook(selfSigned.url("/"))));
            String trusting = api.subscribeOk(u, body("device-group.create", Map.of("type", "WEBHOOK", "config",
                    Map.of("webhook_url", selfSigned.url("/"), "validate_server_cert", false))));
            api.createGroup("group-" + UUID.randomUUID());
            api.drain();
            api.deliverDue();
            JsonNode refused = api.onlyDelivery(u, verified);
            assertThat(refused.get("status").asText()).isEqualTo("PENDING");
            assertThat(refused.get("attempt_log").get(0).get("reply").asText()).contains("TLS");
            assertThat(api.onlyDelivery(u, trusting).get("status").asText()).isEqualTo("DELIVERED");
            assertThat(selfSigned.count()).isEqualTo(1);
        }
    }
}
