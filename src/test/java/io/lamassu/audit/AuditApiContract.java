package io.lamassu.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/audit/v1/records} and {@code GET /api/devmanager/v1/devices/{id}/events}: filters,
 * keyset paging in both directions, who may read, and bad input, on SQLite and PostgreSQL.
 */
abstract class AuditApiContract {
    static final String AUDIT = "/api/audit/v1/records";
    static final String DEV = "/api/devmanager/v1";
    private static final AtomicInteger SEQ = new AtomicInteger();
    static TestApp app;
    static TestHttp admin;
    static TestHttp operator;
    static TestHttp viewer;

    static void startWith(TestApp started) {
        app = started;
        admin = TestHttp.plain(app.httpBase(), app.token("admin"));
        operator = admin.withToken(app.token("operator"));
        viewer = admin.withToken(app.token("viewer"));
        TestHttp.Response dms = admin.post("/api/dmsmanager/v1/dms", Map.of("id", "audit-dms", "name", "Audit DMS"));
        assertThat(dms.status()).as(dms.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet() + "-" + System.nanoTime();
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static TestHttp.Response register(String id) {
        return operator.post(DEV + "/devices", Map.of("id", id, "dms_id", "audit-dms", "tags", List.of(),
                "metadata", Map.of()));
    }

    /** Follows {@code next} bookmarks from {@code first}; returns every page's list, in order. */
    static List<JsonNode> walk(TestHttp client, String path, String first) {
        List<JsonNode> out = new ArrayList<>();
        String url = path + "?" + first;
        int max = first.contains("page_size=2") ? 2 : 25;
        for (int pages = 0; pages < 100; pages++) {
            TestHttp.Response r = client.get(url);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode body = r.json();
            assertThat(body.get("list").size()).isLessThanOrEqualTo(max);
            body.get("list").forEach(out::add);
            String next = body.get("next").asText();
            if (next.isEmpty()) {
                return out;
            }
            url = path + "?bookmark=" + q(next);
        }
        throw new AssertionError("paging did not end");
    }

    static List<String> reversed(List<String> in) {
        List<String> out = new ArrayList<>(in);
        java.util.Collections.reverse(out);
        return out;
    }

    static List<String> field(List<JsonNode> rows, String... path) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : rows) {
            JsonNode v = n;
            for (String p : path) {
                v = v.get(p);
            }
            out.add(v.asText());
        }
        return out;
    }

    @Test
    void auditRecordsAreFilteredAndKeysetPagedInBothDirections() {
        String tag = unique("aud");
        List<String> ids = new ArrayList<>();
        Instant middle = null;
        for (int i = 0; i < 5; i++) {
            String id = tag + "-d" + i;
            ids.add(id);
            assertThat(register(id).status()).isEqualTo(201);
            if (i == 2) {
                middle = app.clock().instant();
            }
            // Two records per millisecond tick on purpose: equal timestamps must page by record id.
            if (i % 2 == 1) {
                app.clock().advance(Duration.ofSeconds(1));
            }
        }
        String filters = "filter=" + q("action[eq]device.create") + "&filter=" + q("resource_id[ct]" + tag);
        List<JsonNode> asc = walk(admin, AUDIT, filters + "&page_size=2");
        assertThat(field(asc, "resource", "id")).containsExactlyElementsOf(ids);
        JsonNode first = asc.get(0);
        assertThat(first.get("actor").get("id").asText()).isEqualTo("test-operator");
        assertThat(first.get("resource").get("type").asText()).isEqualTo("device");
        assertThat(first.get("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(first.get("request_id").asText()).isNotEmpty();
        assertThat(first.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        List<JsonNode> desc = walk(admin, AUDIT, filters + "&page_size=2&sort_mode=desc");
        assertThat(field(desc, "resource", "id")).containsExactlyElementsOf(reversed(ids));

        List<JsonNode> fromMiddle = walk(admin, AUDIT, filters + "&filter=" + q("timestamp[af]" + middle.minusMillis(1))
                + "&page_size=2");
        assertThat(field(fromMiddle, "resource", "id")).containsExactlyElementsOf(ids.subList(2, 5));
        List<JsonNode> byActor = walk(admin, AUDIT, filters + "&filter=" + q("actor[eq]test-admin"));
        assertThat(byActor).isEmpty();
    }

    @Test
    void refusedAttemptsAreAuditedWithTheirCodeAndRequestId() {
        String id = unique("dup");
        assertThat(register(id).status()).isEqualTo(201);
        TestHttp.Response again = register(id);
        assertThat(again.status()).isEqualTo(409);
        List<JsonNode> failures = walk(admin, AUDIT, "filter=" + q("resource_id[eq]" + id) + "&filter="
                + q("outcome[eq]failure"));
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("detail").asText()).startsWith("DEVICE_ALREADY_EXISTS");
        assertThat(failures.get(0).get("request_id").asText()).isEqualTo(again.header("X-Request-Id"));
    }

    @Test
    void onlyAdministratorsReadTheAuditLogAndBadQueriesAre400() {
        assertThat(viewer.get(AUDIT).status()).isEqualTo(403);
        assertThat(operator.get(AUDIT).json().get("code").asText()).isEqualTo("INSUFFICIENT_ROLE");
        assertThat(admin.get(AUDIT + "?filter=" + q("password[eq]x")).json().get("code").asText())
                .isEqualTo("INVALID_FILTER_FIELD");
        assertThat(admin.get(AUDIT + "?filter=" + q("outcome[eq]maybe")).status()).isEqualTo(400);
        assertThat(admin.get(AUDIT + "?bookmark=v2.garbage").json().get("code").asText()).isEqualTo("INVALID_BOOKMARK");
        assertThat(admin.get(AUDIT + "?page_size=0").status()).isEqualTo(400);
    }

    @Test
    void aDevicesHistoryIsPagedInWriteOrder() {
        String id = unique("hist");
        assertThat(register(id).status()).isEqualTo(201);
        long at = app.clock().millis();
        // Several entries in the CREATED event's millisecond (as a lifecycle batch writes them): write order.
        for (int i = 0; i < 4; i++) {
            String scope = i % 2 == 0 ? "DEVICE" : "SLOT";
            String description = "step " + i;
            app.app().jdbc().tx().run(() -> app.app().jdbc().update("INSERT INTO device_events"
                    + " (device_id, scope, at, type, description) VALUES (?, ?, ?, ?, ?)",
                    id, scope, at, "STATUS-UPDATED", description));
        }
        app.clock().advance(Duration.ofSeconds(1));
        TestHttp.Response decommissioned = operator.delete(DEV + "/devices/" + id + "/decommission");
        assertThat(decommissioned.status()).as(decommissioned.body()).isEqualTo(200);

        String path = DEV + "/devices/" + id + "/events";
        List<JsonNode> all = walk(viewer, path, "page_size=2");
        assertThat(field(all, "type").get(0)).isEqualTo("CREATED");
        assertThat(field(all, "description").subList(1, 5)).containsExactly("step 0", "step 1", "step 2", "step 3");
        assertThat(all.size()).isGreaterThan(5);
        assertThat(all.get(5).get("timestamp").asText()).isNotEqualTo(all.get(0).get("timestamp").asText());
        assertThat(field(all, "device_id")).containsOnly(id);
        List<JsonNode> desc = walk(viewer, path, "page_size=2&sort_mode=desc");
        assertThat(field(desc, "id")).containsExactlyElementsOf(reversed(field(all, "id")));
        assertThat(walk(viewer, path, "filter=" + q("scope[eq]slot"))).hasSize(2);
        assertThat(walk(viewer, path, "filter=" + q("type[eq]CREATED"))).hasSize(1);

        assertThat(viewer.get(DEV + "/devices/" + unique("nope") + "/events").json().get("code").asText())
                .isEqualTo("DEVICE_NOT_FOUND");
        assertThat(viewer.get(path + "?filter=" + q("scope[eq]elsewhere")).status()).isEqualTo(400);
        // Another device's events never leak into this list.
        String other = unique("hist-other");
        assertThat(register(other).status()).isEqualTo(201);
        assertThat(walk(viewer, path, "page_size=50")).hasSameSizeAs(all);
    }
}
