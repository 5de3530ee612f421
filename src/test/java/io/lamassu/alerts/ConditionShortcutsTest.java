package io.lamassu.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.alerts.internal.JsonEventConditions;
import io.lamassu.events.CloudEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compiled conditions decide most events from one cached value (their discriminator) instead of
 * running JSONPath or JSON Schema. That shortcut must never change a result: every condition is
 * compared, on generated events, with its full evaluation (a document the engine cannot shortcut).
 */
class ConditionShortcutsTest {
    final EventConditions engine = new JsonEventConditions();

    static final List<Condition> CONDITIONS = List.of(
            path("$.data[?(@.updated.status == 'REVOKED' && @.previous.status != 'REVOKED')]"),
            path("$.data[?(@.updated.status == 'REVOKED' || @.updated.status == 'EXPIRED')]"),
            path("$.data[?(!(@.updated.status == 'REVOKED' && @.updated.dms_owner == 'a'))]"),
            path("$.data.updated[?(@.status == 'REVOKED' && @.revocation_reason == 'KeyCompromise')]"),
            path("$.data.updated[?('a' == @.dms_owner)]"),
            path("$.data.items[?(@.status == 'REVOKED')]"),
            path("$[?(@.subject == 'device/d1')]"),
            path("$.data.updated.metadata['site-1']"),
            path("$.data.updated.metadata['lamassu.io/ra/attached-to']"),
            path("$.data.updated.dms_owner"),
            path("$.data.items"),
            path("$.data[?(@.updated.status == 'REV && OKED')]"),
            path("$.data[?(@.updated.count == '1')]"),
            schema("{\"required\": [\"data\"], \"properties\": {\"data\": {\"required\": [\"updated\"], \"properties\":"
                    + " {\"updated\": {\"required\": [\"status\"], \"properties\": {\"status\": {\"const\": \"REVOKED\"}}}}}}}"),
            schema("{\"required\": [\"data\"], \"properties\": {\"data\": {\"required\": [\"updated\"], \"properties\":"
                    + " {\"updated\": {\"required\": [\"dms_owner\"], \"properties\": {\"dms_owner\": {\"enum\": [\"a\", \"b\"]}}}}}}}"),
            schema("{\"properties\": {\"data\": {\"properties\": {\"updated\": {\"properties\": {\"status\":"
                    + " {\"const\": \"REVOKED\"}}}}}}}"),
            schema("{\"$schema\": \"http://json-schema.org/draft-04/schema#\", \"required\": [\"data\"], \"properties\":"
                    + " {\"data\": {\"required\": [\"updated\"], \"properties\": {\"updated\": {\"required\": [\"status\"],"
                    + " \"properties\": {\"status\": {\"const\": \"REVOKED\"}}}}}}}"),
            schema("{\"required\": [\"data\"], \"properties\": {\"data\": {\"required\": [\"updated\"], \"not\": {\"required\":"
                    + " [\"previous\"]}, \"properties\": {\"updated\": {\"required\": [\"status\"], \"properties\": {\"status\":"
                    + " {\"const\": \"ACTIVE\"}}}}}}}"));

    static Condition path(String p) {
        return new Condition(ConditionType.JSON_PATH, p);
    }

    static Condition schema(String s) {
        return new Condition(ConditionType.JSON_SCHEMA, s);
    }

    /** The same event, but opaque to the engine: it can only parse the JSON and run the condition in full. */
    record Opaque(String id, String type, String json) implements EventDocument {
    }

    @Test
    void shortcutsAgreeWithFullEvaluationOnGeneratedEvents() {
        Random rnd = new Random(2026);
        List<EventConditions.Compiled> compiled = CONDITIONS.stream().map(engine::compile).toList();
        int matched = 0;
        for (int i = 0; i < 3000; i++) {
            CloudEvent e = TestEvents.event("device.status.update", rnd.nextBoolean() ? "device/d1" : "device/d2",
                    data(rnd));
            EventDocument fast = engine.document(e);
            EventDocument full = new Opaque(fast.id(), fast.type(), fast.json());
            for (int c = 0; c < compiled.size(); c++) {
                boolean expected = compiled.get(c).matches(full);
                assertThat(compiled.get(c).matches(fast)).as(CONDITIONS.get(c) + " on " + fast.json()).isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
        }
        assertThat(matched).as("the generated events exercise both outcomes").isBetween(3000, 3000 * CONDITIONS.size() - 3000);
    }

    static Object data(Random rnd) {
        Object[] statuses = {"REVOKED", "ACTIVE", "EXPIRED", null, 7, List.of("REVOKED"), Map.of("x", 1)};
        Map<String, Object> data = new LinkedHashMap<>();
        if (rnd.nextInt(10) > 0) {
            data.put("updated", rnd.nextInt(10) == 0 ? List.of(node(rnd, statuses)) : node(rnd, statuses));
        }
        if (rnd.nextBoolean()) {
            data.put("previous", node(rnd, statuses));
        }
        if (rnd.nextInt(4) == 0) {
            data.put("items", rnd.nextBoolean() ? List.of(node(rnd, statuses), node(rnd, statuses)) : node(rnd, statuses));
        }
        return rnd.nextInt(20) == 0 ? "not an object" : data;
    }

    static Object node(Random rnd, Object[] values) {
        Map<String, Object> n = new HashMap<>();
        for (String k : Arrays.asList("status", "revocation_reason", "dms_owner", "count")) {
            if (rnd.nextInt(4) > 0) {
                Object v = k.equals("status") ? values[rnd.nextInt(values.length)]
                        : k.equals("revocation_reason") ? (rnd.nextBoolean() ? "KeyCompromise" : "Superseded")
                        : k.equals("count") ? (rnd.nextBoolean() ? 1 : "1") : new String[] {"a", "b", "c"}[rnd.nextInt(3)];
                n.put(k, v);
            }
        }
        if (rnd.nextBoolean()) {
            Map<String, Object> metadata = new HashMap<>();
            if (rnd.nextBoolean()) {
                metadata.put("site-1", rnd.nextBoolean() ? null : "north");
            }
            if (rnd.nextBoolean()) {
                metadata.put("lamassu.io/ra/attached-to", "d1");
            }
            n.put("metadata", rnd.nextInt(8) == 0 ? new ArrayList<>(List.of(metadata)) : metadata);
        }
        return n;
    }
}
