package io.lamassu.alerts;

import static io.lamassu.alerts.SubscriptionIndexTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.alerts.internal.JsonEventConditions;
import io.lamassu.events.CloudEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonEventConditionsTest {
    final EventConditions engine = new JsonEventConditions();
    final CloudEvent revoked = TestEvents.certificateStatus("0a1b", "ACTIVE", "REVOKED", "KeyCompromise");
    final CloudEvent expired = TestEvents.certificateStatus("0a1b", "ACTIVE", "EXPIRED", "Unspecified");

    boolean matches(ConditionType type, String condition, CloudEvent e) {
        return engine.compile(new Condition(type, condition)).matches(engine.document(e));
    }

    @Test
    void jsonPathMatchesWhenItSelectsAtLeastOneNode() {
        String filter = "$.data.updated[?(@.status == 'REVOKED' && @.revocation_reason == 'KeyCompromise')]";
        assertThat(matches(ConditionType.JSON_PATH, filter, revoked)).isTrue();
        assertThat(matches(ConditionType.JSON_PATH, filter, expired)).isFalse();
        assertThat(matches(ConditionType.JSON_PATH, "$.data.updated.revocation_reason", expired)).isTrue();
        assertThat(matches(ConditionType.JSON_PATH, "$.data.updated.no_such_field", expired)).isFalse();
        assertThat(matches(ConditionType.JSON_PATH, "$[?(@.authid == 'alice')]", expired)).isTrue();
        assertThat(matches(ConditionType.JSON_PATH, "$[?(@.subject == 'certificate/other')]", expired)).isFalse();
    }

    @Test
    void jsonSchemaMatchesWhenTheEventValidates() {
        String schema = """
                {"type": "object", "required": ["data"], "properties": {"data": {"required": ["updated"],
                 "properties": {"updated": {"required": ["status", "revocation_reason"], "properties": {
                   "status": {"const": "REVOKED"}, "revocation_reason": {"enum": ["KeyCompromise", "CACompromise"]}}}}}}}
                """;
        assertThat(matches(ConditionType.JSON_SCHEMA, schema, revoked)).isTrue();
        assertThat(matches(ConditionType.JSON_SCHEMA, schema, expired)).isFalse();
        assertThat(matches(ConditionType.JSON_SCHEMA, "{\"properties\": {\"subject\": {\"pattern\": \"^certificate/0a\"}}}",
                revoked)).isTrue();
        assertThat(matches(ConditionType.JSON_SCHEMA, "{\"$schema\": \"http://json-schema.org/draft-07/schema#\","
                + " \"properties\": {\"type\": {\"const\": \"ca.create\"}}}", revoked)).isFalse();
    }

    @Test
    void badConditionsAreRefusedWithStableCodes() {
        assertCode(() -> engine.compile(new Condition(ConditionType.JSON_PATH, "$.data[?(@.x ==")), "INVALID_CONDITION");
        assertCode(() -> engine.compile(new Condition(ConditionType.JSON_PATH, "data.status")), "INVALID_CONDITION");
        assertCode(() -> engine.compile(new Condition(ConditionType.JSON_PATH, "$.data[?(@.status =~ /(a+)+$/)]")),
                "UNSUPPORTED_CONDITION");
        assertCode(() -> engine.compile(new Condition(ConditionType.JSON_SCHEMA, "{not json")), "INVALID_CONDITION");
        assertCode(() -> engine.compile(new Condition(ConditionType.JSON_SCHEMA, "[1, 2]")), "INVALID_CONDITION");
        assertCode(() -> engine.compile(new Condition(ConditionType.JSON_SCHEMA, "{\"type\": 12}")), "INVALID_CONDITION");
        assertCode(() -> engine.compile(new Condition(ConditionType.JSON_SCHEMA,
                "{\"properties\": {\"id\": {\"pattern\": \"([a-\"}}}")), "INVALID_CONDITION");
        assertCode(() -> ConditionType.parse("JAVASCRIPT"), "JAVASCRIPT_CONDITIONS_NOT_SUPPORTED");
        assertCode(() -> ConditionType.parse("javascript"), "JAVASCRIPT_CONDITIONS_NOT_SUPPORTED");
        assertCode(() -> ConditionType.parse("XPATH"), "UNKNOWN_CONDITION_TYPE");
        assertThat(ConditionType.parse("json_path")).isEqualTo(ConditionType.JSON_PATH);
    }

    /** A schema must not make the server fetch anything: no outbound request on a subscriber's behalf. */
    @Test
    void remoteReferencesAreNeverFetched() {
        try (WebhookReceiver remote = WebhookReceiver.http()) {
            String schema = "{\"$ref\": \"" + remote.url("/schema.json") + "\"}";
            try {
                engine.compile(new Condition(ConditionType.JSON_SCHEMA, schema)).matches(engine.document(revoked));
            } catch (RuntimeException refusedAtCompileTime) {
                assertThat(refusedAtCompileTime.getMessage()).isNotBlank();
            }
            assertThat(remote.count()).isZero();
        }
    }

    /** "(a+)+$" on a long run of a's backtracks exponentially; the time limit turns it into "no match". */
    @Test
    void aRunawaySchemaPatternFailsFastInsteadOfStallingTheEventFlow() {
        CloudEvent e = TestEvents.event("device.create", "device/" + "a".repeat(40) + "!", Map.of("id", "x"));
        EventConditions.Compiled evil = engine.compile(new Condition(ConditionType.JSON_SCHEMA,
                "{\"properties\": {\"subject\": {\"pattern\": \"^device/(a+)+$\"}}}"));
        long t0 = System.nanoTime();
        assertThat(evil.matches(engine.document(e))).isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
    }
}
