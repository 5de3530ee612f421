package io.lamassu.alerts;

import static io.lamassu.alerts.AlertsClient.body;
import static io.lamassu.alerts.AlertsClient.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.config.LamassuConfig;
import io.lamassu.testkit.MutableClock;
import io.lamassu.testkit.TestApp;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Deliveries are rows: a server that stops between attempts, or in the middle of one, loses none
 * of them; the next server on the same database carries on at the recorded times.
 */
abstract class AlertsRestartContract {
    /** Default alerts settings: 5 s connect + 10 s request timeout, so a claim's lease is 75 s. */
    static final Duration LEASE = Duration.ofSeconds(75);

    abstract String dbUrl();

    @Test
    void aRestartBetweenAttemptsLosesNothing() {
        LamassuConfig cfg = TestApp.config(dbUrl());
        MutableClock clock = MutableClock.atNow();
        String u = "user-" + UUID.randomUUID();
        String sub;
        try (WebhookReceiver receiver = WebhookReceiver.http().answer(503)) {
            try (TestApp first = TestApp.start(cfg, clock)) {
                AlertsClient api = new AlertsClient(first);
                sub = api.subscribeOk(u, body("device-group.create", webhook(receiver.url("/"))));
                api.createGroup("group-" + UUID.randomUUID());
                api.drain();
                api.deliverDue();
                assertThat(api.onlyDelivery(u, sub).get("status").asText()).isEqualTo("PENDING");
            }
            MutableClock later = new MutableClock(clock.instant().plusSeconds(30));
            try (TestApp second = TestApp.start(cfg, later)) {
                AlertsClient api = new AlertsClient(second);
                api.deliverDue();
                JsonNode d = api.onlyDelivery(u, sub);
                assertThat(d.get("status").asText()).isEqualTo("DELIVERED");
                assertThat(d.get("attempt_log").findValuesAsText("status_code")).containsExactly("503", "200");
                assertThat(receiver.count()).isEqualTo(2);
            }
        }
    }

    @Test
    void aRestartDuringAnAttemptRetriesItOnceItsLeaseEnds() throws Exception {
        LamassuConfig cfg = TestApp.config(dbUrl());
        MutableClock clock = MutableClock.atNow();
        String u = "user-" + UUID.randomUUID();
        String sub;
        try (WebhookReceiver receiver = WebhookReceiver.http()) {
            receiver.hang();
            try (TestApp first = TestApp.start(cfg, clock)) {
                AlertsClient api = new AlertsClient(first);
                sub = api.subscribeOk(u, body("device-group.create", webhook(receiver.url("/"))));
                api.createGroup("group-" + UUID.randomUUID());
                api.drain();
                first.app().alerts().dispatcher().runDue();
                receiver.next();
            }
            receiver.release();
            try (TestApp second = TestApp.start(cfg, clock)) {
                AlertsClient api = new AlertsClient(second);
                api.deliverDue();
                assertThat(receiver.count()).as("claimed until the lease ends").isEqualTo(1);
                clock.advance(LEASE);
                api.deliverDue();
                JsonNode d = api.onlyDelivery(u, sub);
                assertThat(d.get("status").asText()).isEqualTo("DELIVERED");
                assertThat(d.get("attempts").asInt()).isEqualTo(2);
                assertThat(d.get("attempt_log").findValuesAsText("outcome")).containsExactly("INTERRUPTED", "DELIVERED");
                assertThat(d.get("attempt_log").get(0).get("reply").asText()).contains("may or may not have it");
                assertThat(receiver.count()).isEqualTo(2);
            }
        }
    }
}
