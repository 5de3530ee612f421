package io.lamassu.bench;

import io.lamassu.alerts.Channel;
import io.lamassu.alerts.ChannelType;
import io.lamassu.alerts.Condition;
import io.lamassu.alerts.ConditionType;
import io.lamassu.alerts.EventConditions;
import io.lamassu.alerts.EventDocument;
import io.lamassu.alerts.EventTypes;
import io.lamassu.alerts.Subscription;
import io.lamassu.alerts.SubscriptionIndex;
import io.lamassu.alerts.internal.JsonEventConditions;
import io.lamassu.common.Uuids;
import io.lamassu.common.json.Json;
import io.lamassu.events.CloudEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Matching cost per event with many subscriptions (BENCHMARKS.md "Alerts"): what the alerts
 * consumer does in memory for each event — build the event's JSON document, look up the candidate
 * subscriptions in the index, evaluate their conditions. One thread, no database.
 *
 * <p>Subscriptions (default 10,000, {@code -Dbench.subscriptions}): 75 % on an exact type of the
 * catalogue, 24.5 % on a prefix wildcard, 0.5 % on {@code *}; 80 % carry a condition (JSON-PATH
 * twice as often as JSON-SCHEMA) over fields that differ per subscription (one of 200 DMSs, one of
 * 40 device ids, a status, a reason). Events: device status changes, certificate status changes
 * and issued certificates with realistic payloads (about 1-2 KB of JSON).
 */
public final class AlertsMatchingBenchmark {
    static final int SUBSCRIPTIONS = Integer.getInteger("bench.subscriptions", 10_000);
    static final int EVENTS = Integer.getInteger("bench.events", 50_000);
    static final String[] STATUSES = {"ACTIVE", "RENEWAL_WINDOW", "ABOUT_TO_EXPIRE", "EXPIRED", "REVOKED"};
    static final String[] REASONS = {"KeyCompromise", "Superseded", "CessationOfOperation", "Unspecified"};
    static final String[] PREFIXES = {"device.*", "certificate.*", "ca.*", "dms.*", "kms.*", "device.status.*",
        "certificate.status.*", "profile.*", "va.*", "device-group.*"};

    public static void main(String[] args) {
        Random rnd = new Random(42);
        EventConditions engine = new JsonEventConditions();
        List<Subscription> subs = subscriptions(rnd);
        long t0 = System.nanoTime();
        SubscriptionIndex index = SubscriptionIndex.build(1, subs, engine);
        double buildMs = (System.nanoTime() - t0) / 1e6;
        List<Subscription> plusOne = new ArrayList<>(subs);
        plusOne.add(subscriptions(new Random(7)).get(0));
        long t1 = System.nanoTime();
        SubscriptionIndex.rebuild(2, plusOne, engine, index);
        double rebuildMs = (System.nanoTime() - t1) / 1e6;
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            events.add(event(rnd));
        }
        run(index, engine, events, EVENTS / 2);   // warm-up
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = cpu.getCurrentThreadCpuTime();
        long[] nanos = run(index, engine, events, EVENTS);
        double cpuPerEvent = (cpu.getCurrentThreadCpuTime() - cpu0) / 1000.0 / EVENTS;
        long matched = events.stream().limit(2_000).mapToLong(e -> index.match(engine.document(e)).size()).sum();
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0) / 1000;
        System.out.printf("subscriptions %d (indexed %d), index build %.0f ms, rebuild after one more %.1f ms%n",
                subs.size(), index.size(), buildMs, rebuildMs);
        System.out.printf("events %d: CPU %.1f us/event; wall mean %.1f us/event, p50 %.1f us, p99 %.1f us, max %.1f us;"
                        + " %.1f matches/event; document only %.1f us/event%n", nanos.length, cpuPerEvent, mean,
                nanos[nanos.length / 2] / 1000.0, nanos[(int) (nanos.length * 0.99)] / 1000.0,
                nanos[nanos.length - 1] / 1000.0, matched / 2000.0, documentOnly(engine, events));
    }

    static long[] run(SubscriptionIndex index, EventConditions engine, List<CloudEvent> events, int n) {
        long[] out = new long[n];
        long sink = 0;
        for (int i = 0; i < n; i++) {
            CloudEvent e = events.get(i % events.size());
            long t = System.nanoTime();
            EventDocument doc = engine.document(e);
            sink += index.match(doc).size();
            out[i] = System.nanoTime() - t;
        }
        if (sink == -1) {
            System.out.println(sink);
        }
        return out;
    }

    static double documentOnly(EventConditions engine, List<CloudEvent> events) {
        long t = System.nanoTime();
        int n = 20_000;
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += engine.document(events.get(i % events.size())).json().length();
        }
        return sink == -1 ? 0 : (System.nanoTime() - t) / 1000.0 / n;
    }

    static List<Subscription> subscriptions(Random rnd) {
        List<Subscription> out = new ArrayList<>();
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            int kind = rnd.nextInt(1000);
            String type = kind < 750 ? EventTypes.CATALOGUE.get(rnd.nextInt(EventTypes.CATALOGUE.size()))
                    : kind < 995 ? PREFIXES[rnd.nextInt(PREFIXES.length)] : "*";
            List<Condition> conditions = rnd.nextInt(10) < 8 ? List.of(condition(rnd)) : List.of();
            out.add(new Subscription(Uuids.random(), "user-" + (i % 500), type, Instant.EPOCH, conditions,
                    new Channel(ChannelType.WEBHOOK, "b", Map.of("webhook_url", "http://127.0.0.1/" + i))));
        }
        return out;
    }

    static Condition condition(Random rnd) {
        String dms = "dms-" + rnd.nextInt(200);
        return switch (rnd.nextInt(6)) {
            case 0 -> new Condition(ConditionType.JSON_PATH, "$.data[?(@.updated.status == '"
                    + STATUSES[rnd.nextInt(STATUSES.length)] + "' && @.updated.dms_owner == '" + dms + "')]");
            case 1 -> new Condition(ConditionType.JSON_PATH, "$.data.updated[?(@.status == 'REVOKED' && "
                    + "@.revocation_reason == '" + REASONS[rnd.nextInt(REASONS.length)] + "')]");
            case 2 -> new Condition(ConditionType.JSON_PATH, "$[?(@.subject == 'device/dev-" + rnd.nextInt(40) + "')]");
            case 3 -> new Condition(ConditionType.JSON_PATH, "$.data.updated.metadata['site-" + rnd.nextInt(50) + "']");
            case 4 -> new Condition(ConditionType.JSON_SCHEMA, schema("dms_owner", "{\"const\": \"" + dms + "\"}"));
            default -> new Condition(ConditionType.JSON_SCHEMA, schema("status", "{\"enum\": [\""
                    + STATUSES[rnd.nextInt(STATUSES.length)] + "\", \"EXPIRED\"]}"));
        };
    }

    /** data.updated.{field} must satisfy {@code rule}, each level required (as an operator would write it). */
    static String schema(String field, String rule) {
        return "{\"type\": \"object\", \"required\": [\"data\"], \"properties\": {\"data\": {\"required\": [\"updated\"],"
                + " \"properties\": {\"updated\": {\"required\": [\"" + field + "\"], \"properties\": {\"" + field + "\": "
                + rule + "}}}}}}";
    }

    static CloudEvent event(Random rnd) {
        int kind = rnd.nextInt(3);
        String dms = "dms-" + rnd.nextInt(200);
        String id = "dev-" + rnd.nextInt(40);
        if (kind == 0) {
            return cloudEvent("device.status.update", "device/" + id, Map.of("previous", device(id, dms, "ACTIVE"),
                    "updated", device(id, dms, STATUSES[rnd.nextInt(STATUSES.length)])));
        }
        String serial = Long.toHexString(rnd.nextLong());
        if (kind == 1) {
            return cloudEvent("certificate.status.update", "certificate/" + serial, Map.of(
                    "previous", certificate(serial, "ACTIVE", "Unspecified"),
                    "updated", certificate(serial, "REVOKED", REASONS[rnd.nextInt(REASONS.length)])));
        }
        return cloudEvent("ca.sign.certificate", "certificate/" + serial, certificate(serial, "ACTIVE", "Unspecified"));
    }

    static Map<String, Object> device(String id, String dms, String status) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("dms_owner", dms);
        d.put("status", status);
        d.put("creation_timestamp", "2026-11-01T10:00:00Z");
        d.put("tags", List.of("sensor", "line-2"));
        d.put("metadata", Map.of("site-3", "north", "model", "TH-2000", "serial_number", "SN123456789"));
        d.put("identity_slot", Map.of("status", status, "active_version", 1, "secrets", Map.of("1", "0a1b2c3d4e5f"),
                "expiration_date", "2027-11-01T10:00:00Z"));
        return d;
    }

    static Map<String, Object> certificate(String serial, String status, String reason) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("serial_number", serial);
        c.put("status", status);
        c.put("revocation_reason", reason);
        c.put("subject", Map.of("common_name", "device-" + serial, "organization", "Acme Corp"));
        c.put("issuer", Map.of("common_name", "Issuing CA 01", "organization", "Acme Corp"));
        c.put("valid_from", "2026-11-01T10:00:00Z");
        c.put("valid_to", "2027-11-01T10:00:00Z");
        c.put("key_metadata", Map.of("type", "ECDSA", "bits", 256, "strength", "HIGH"));
        c.put("metadata", Map.of("lamassu.io/ra/attached-to", "dev-1"));
        c.put("certificate", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t".repeat(20));
        return c;
    }

    static CloudEvent cloudEvent(String type, String subject, Object data) {
        return new CloudEvent("1.0", Uuids.random(), "source://lamassu.io/ctx/source/service/lamassu", type, subject,
                Instant.now(), "application/json", "jwt", "operator", Json.write(data));
    }
}
