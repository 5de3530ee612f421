package io.lamassu.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.alerts.internal.JsonEventConditions;
import io.lamassu.common.LamassuException;
import io.lamassu.events.CloudEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {
    final EventConditions engine = new JsonEventConditions();

    static Subscription sub(String id, String type, Condition... conditions) {
        return new Subscription(id, "alice", type, Instant.EPOCH, List.of(conditions),
                new Channel(ChannelType.WEBHOOK, "ops", Map.of("webhook_url", "http://127.0.0.1/x")));
    }

    List<String> matches(List<Subscription> subs, CloudEvent e) {
        return SubscriptionIndex.build(1, subs, engine).match(engine.document(e)).stream().map(Subscription::id).toList();
    }

    @Test
    void exactTypesPrefixWildcardsAndStarMatchWhatTheySay() {
        List<Subscription> subs = List.of(sub("exact", "certificate.status.update"), sub("cert", "certificate.*"),
                sub("status", "certificate.status.*"), sub("all", "*"), sub("other", "device.status.update"),
                sub("ca", "ca.*"));
        assertThat(matches(subs, TestEvents.certificateStatus("01", "ACTIVE", "REVOKED", "KeyCompromise")))
                .containsExactlyInAnyOrder("exact", "cert", "status", "all");
        assertThat(matches(subs, TestEvents.event("certificate.create", "certificate/01", Map.of())))
                .containsExactlyInAnyOrder("cert", "all");
        // "ca.*" is the ca. prefix, not any type starting with "ca" (certificate.*).
        assertThat(matches(subs, TestEvents.event("ca.create", "ca/x", Map.of()))).containsExactlyInAnyOrder("ca", "all");
    }

    @Test
    void conditionsAreOredAndNoConditionMeansAlways() {
        Condition revoked = new Condition(ConditionType.JSON_PATH, "$.data.updated[?(@.status == 'REVOKED')]");
        Condition expired = new Condition(ConditionType.JSON_PATH, "$.data.updated[?(@.status == 'EXPIRED')]");
        List<Subscription> subs = List.of(sub("either", "certificate.status.update", revoked, expired),
                sub("revoked", "certificate.status.update", revoked), sub("none", "certificate.status.update"));
        assertThat(matches(subs, TestEvents.certificateStatus("01", "ACTIVE", "EXPIRED", "Unspecified")))
                .containsExactlyInAnyOrder("either", "none");
        assertThat(matches(subs, TestEvents.certificateStatus("01", "ACTIVE", "REVOKED", "KeyCompromise")))
                .containsExactlyInAnyOrder("either", "revoked", "none");
    }

    @Test
    void aStoredSubscriptionThatNoLongerCompilesIsSkippedNotFatal() {
        Subscription broken = sub("broken", "certificate.*", new Condition(ConditionType.JSON_PATH, "$[?("));
        SubscriptionIndex index = SubscriptionIndex.build(7, List.of(broken, sub("fine", "*")), engine);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.version()).isEqualTo(7);
    }

    @Test
    void eventTypePatternsAreCheckedAgainstTheKnownTypes() {
        Set<String> known = EventTypes.known(Set.of("est.enroll"));
        assertThat(EventTypePattern.parse("certificate.status.update", known).kind()).isEqualTo(EventTypePattern.Kind.EXACT);
        assertThat(EventTypePattern.parse("device.*", known).kind()).isEqualTo(EventTypePattern.Kind.PREFIX);
        assertThat(EventTypePattern.parse("*", known).kind()).isEqualTo(EventTypePattern.Kind.ALL);
        assertThat(EventTypePattern.parse("est.enroll", known).kind()).isEqualTo(EventTypePattern.Kind.EXACT);
        assertCode(() -> EventTypePattern.parse("certficate.status.update", known), "UNKNOWN_EVENT_TYPE");
        assertCode(() -> EventTypePattern.parse("nothing.*", known), "UNKNOWN_EVENT_TYPE");
        for (String bad : List.of("Certificate.create", "certificate.*.update", "certificate.", "**", "a..b", " ",
                "x".repeat(129))) {
            assertCode(() -> EventTypePattern.parse(bad, known), bad.isBlank() ? "MISSING_EVENT_TYPE" : "INVALID_EVENT_TYPE");
        }
    }

    static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LamassuException.class,
                e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
