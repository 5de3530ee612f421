package io.lamassu.devices.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed guide's device and DMS steps over HTTP (those that need no CA; binding is covered by
 * service tests until the CA adapter is wired), on SQLite and PostgreSQL.
 */
abstract class DevicesHttpContract {
    static final String DEV = "/api/devmanager/v1";
    static final String DMS = "/api/dmsmanager/v1";
    TestApp app;
    TestHttp admin;
    TestHttp operator;
    TestHttp viewer;

    abstract TestApp start();

    @BeforeEach
    void setUp() {
        app = start();
        admin = TestHttp.plain(app.httpBase(), app.token("admin"));
        operator = admin.withToken(app.token("operator"));
        viewer = admin.withToken(app.token("viewer"));
        assertThat(admin.post(DMS + "/dms", Map.of("id", "manufacturing-dms", "name", "Manufacturing")).status())
                .isEqualTo(201);
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    static String q(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    TestHttp.Response register(String id, List<String> tags, Map<String, Object> metadata) {
        return operator.post(DEV + "/devices", Map.of("id", id, "dms_id", "manufacturing-dms", "tags", tags,
                "metadata", metadata));
    }

    List<String> ids(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("list").forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    @Test
    void registerAndReadAsInTheSeed() {
        TestHttp.Response r = register("device-001", List.of("sensor", "production"),
                Map.of("location", "factory-floor-3", "model", "TH-2000", "serial_number", "SN123456789"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode d = r.json();
        assertThat(d.get("id").asText()).isEqualTo("device-001");
        assertThat(d.get("dms_owner").asText()).isEqualTo("manufacturing-dms");
        assertThat(d.get("status").asText()).isEqualTo("NO_IDENTITY");
        assertThat(d.get("creation_timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(d.get("tags").toString()).isEqualTo("[\"sensor\",\"production\"]");
        assertThat(d.get("metadata").get("serial_number").asText()).isEqualTo("SN123456789");
        assertThat(d.has("identity_slot")).isTrue();
        assertThat(d.get("identity_slot").isNull()).isTrue();
        assertThat(d.get("events").get(0).get("type").asText()).isEqualTo("CREATED");
        JsonNode back = viewer.get(DEV + "/devices/device-001").json();
        assertThat(back.get("status").asText()).isEqualTo("NO_IDENTITY");
        assertThat(viewer.get(DEV + "/devices/nope").status()).isEqualTo(404);
    }

    @Test
    void badRegistrationsAnswerPreciseErrors() {
        register("dup", List.of(), Map.of());
        TestHttp.Response dup = register("dup", List.of(), Map.of());
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().get("code").asText()).isEqualTo("DEVICE_ALREADY_EXISTS");
        TestHttp.Response noDms = operator.post(DEV + "/devices", Map.of("id", "x", "dms_id", "ghost"));
        assertThat(noDms.status()).isEqualTo(404);
        assertThat(register("bad/id", List.of(), Map.of()).status()).isEqualTo(400);
        TestHttp.Response badId = register("bad id", List.of(), Map.of());
        assertThat(badId.json().get("code").asText()).isEqualTo("INVALID_DEVICE_ID");
        assertThat(operator.post(DEV + "/devices", "{\"id\":\"y\",\"dms_id\":\"manufacturing-dms\",\"colour\":1}")
                .status()).isEqualTo(400);
        assertThat(operator.send("POST", DEV + "/devices", "text/plain", "{}").status()).isEqualTo(415);
        assertThat(viewer.post(DEV + "/devices", Map.of("id", "v", "dms_id", "manufacturing-dms")).status())
                .isEqualTo(403);
        assertThat(ids(viewer.get(DEV + "/devices"))).containsExactly("dup");
    }

    @Test
    void listsAndFiltersAsInTheSeed() {
        register("d1", List.of("sensor", "production"), Map.of("location", "factory-floor-3", "rank", 3));
        app.clock().advance(java.time.Duration.ofMinutes(10));
        register("d2", List.of("gateway"), Map.of("location", "warehouse-2", "rank", 1));
        app.clock().advance(java.time.Duration.ofMinutes(10));
        register("d3", List.of("sensor"), Map.of("location", "factory-floor-3", "rank", 2));
        assertThat(ids(viewer.get(DEV + "/devices?page_size=50"))).containsExactly("d1", "d2", "d3");
        assertThat(ids(viewer.get(DEV + "/devices?filter=" + q("dms_owner[eq]manufacturing-dms")))).hasSize(3);
        assertThat(ids(viewer.get(DEV + "/devices/dms/manufacturing-dms"))).hasSize(3);
        assertThat(ids(viewer.get(DEV + "/devices?filter=" + q("status[eq]=NO_IDENTITY")))).hasSize(3);
        assertThat(ids(viewer.get(DEV + "/devices?filter=" + q("status[eq]=ABOUT_TO_EXPIRE")))).isEmpty();
        assertThat(ids(viewer.get(DEV + "/devices?filter=" + q("status[in]EXPIRING_SOON,RENEWAL_PENDING")))).isEmpty();
        assertThat(ids(viewer.get(DEV + "/devices?filter=" + q("tags[contains]sensor")))).containsExactly("d1", "d3");
        assertThat(ids(viewer.get(DEV + "/devices?filter=" + q("metadata[jsonpath]$.location == \"factory-floor-3\""))))
                .containsExactly("d1", "d3");
        String day2 = app.clock().instant().minus(java.time.Duration.ofMinutes(10)).toString();
        assertThat(ids(viewer.get(DEV + "/devices?filter=" + q("creation_timestamp[af]" + day2)))).containsExactly("d3");
        assertThat(ids(viewer.get(DEV + "/devices?filter=" + q("creation_timestamp[bf]" + day2)))).containsExactly("d1");
        assertThat(ids(viewer.get(DEV + "/devices?sort_by=creation_timestamp&sort_mode=desc"))).containsExactly("d3", "d2", "d1");
        assertThat(ids(viewer.get(DEV + "/devices?sort_by=" + q("metadata[jsonpath]$.rank")))).containsExactly("d2", "d3", "d1");
        TestHttp.Response page1 = viewer.get(DEV + "/devices?page_size=2");
        assertThat(ids(page1)).containsExactly("d1", "d2");
        assertThat(ids(viewer.get(DEV + "/devices?bookmark=" + page1.json().get("next").asText()))).containsExactly("d3");
        assertThat(viewer.get(DEV + "/devices?filter=" + q("status[eq]ALIVE")).status()).isEqualTo(400);
        assertThat(viewer.get(DEV + "/devices?filter=" + q("colour[eq]red")).status()).isEqualTo(400);
        assertThat(viewer.get(DEV + "/devices?filter=" + q("metadata[jsonpath]$..x")).status()).isEqualTo(400);
    }

    @Test
    void metadataUpdatesInTheThreeForms() {
        register("d1", List.of(), Map.of("location", "factory-floor-3", "model", "TH-2000"));
        String patches = "{\"patches\":[{\"op\":\"replace\",\"path\":\"/location\",\"value\":\"warehouse-2\"},"
                + "{\"op\":\"add\",\"path\":\"/firmware_version\",\"value\":\"v2.1.0\"}]}";
        TestHttp.Response r = operator.put(DEV + "/devices/d1/metadata", patches);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("metadata").get("location").asText()).isEqualTo("warehouse-2");
        assertThat(r.json().get("metadata").get("firmware_version").asText()).isEqualTo("v2.1.0");

        TestHttp.Response failing = operator.patch(DEV + "/devices/d1/metadata", "application/json",
                "{\"patches\":[{\"op\":\"add\",\"path\":\"/a\",\"value\":1},{\"op\":\"test\",\"path\":\"/model\",\"value\":\"X\"}]}");
        assertThat(failing.status()).isEqualTo(422);
        assertThat(failing.json().get("detail").asText()).contains("operation 1");
        assertThat(viewer.get(DEV + "/devices/d1").json().get("metadata").has("a")).isFalse();

        TestHttp.Response merged = operator.patch(DEV + "/devices/d1/metadata", "application/merge-patch+json",
                "{\"model\":null,\"owner\":\"ops\"}");
        assertThat(merged.json().get("metadata").has("model")).isFalse();
        assertThat(merged.json().get("metadata").get("owner").asText()).isEqualTo("ops");
        TestHttp.Response replaced = operator.put(DEV + "/devices/d1/metadata", Map.of("only", "this"));
        assertThat(replaced.json().get("metadata").toString()).isEqualTo("{\"only\":\"this\"}");
        assertThat(operator.put(DEV + "/devices/d1/metadata", "{\"patches\":\"nope\"}").status()).isEqualTo(400);
        assertThat(operator.put(DEV + "/devices/d1/metadata", "{\"patches\":[{\"path\":\"/x\"}]}").status()).isEqualTo(400);
        assertThat(operator.put(DEV + "/devices/d1/metadata", "[1]").status()).isEqualTo(400);
        assertThat(viewer.put(DEV + "/devices/d1/metadata", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void statsDecommissionAndDelete() {
        register("d1", List.of("a"), Map.of());
        register("d2", List.of("b"), Map.of());
        JsonNode stats = viewer.get(DEV + "/stats").json();
        assertThat(stats.get("total").asInt()).isEqualTo(2);
        assertThat(stats.get("status_distribution").size()).isEqualTo(7);
        assertThat(stats.get("status_distribution").get("NO_IDENTITY").asInt()).isEqualTo(2);
        assertThat(viewer.get(DEV + "/stats?filter=" + q("tags[contains]a")).json().get("total").asInt()).isEqualTo(1);
        assertThat(viewer.get(DEV + "/stats?filter=" + q("status[eq]ACTIVE")).status()).isEqualTo(400);

        TestHttp.Response early = admin.delete(DEV + "/devices/d1");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("detail").asText()).contains("decommission it first");
        TestHttp.Response dec = operator.delete(DEV + "/devices/d1/decommission");
        assertThat(dec.status()).as(dec.body()).isEqualTo(200);
        assertThat(dec.json().get("status").asText()).isEqualTo("DECOMMISSIONED");
        assertThat(operator.delete(DEV + "/devices/d1/decommission").status()).isEqualTo(409);
        assertThat(viewer.get(DEV + "/stats").json().get("status_distribution").get("DECOMMISSIONED").asInt()).isEqualTo(1);
        assertThat(operator.delete(DEV + "/devices/d1").status()).isEqualTo(403);
        assertThat(admin.delete(DEV + "/devices/d1").status()).isEqualTo(204);
        assertThat(viewer.get(DEV + "/devices/d1").status()).isEqualTo(404);
    }

    @Test
    void unknownCertificatesCannotBeBound() {
        register("d1", List.of(), Map.of());
        TestHttp.Response r = operator.post(DMS + "/dms/bind-identity",
                Map.of("device_id", "d1", "certificate_serial_number", "1a2b3c4d5e6f"));
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(operator.put(DEV + "/devices/d1/idslot", Map.of("certificate_serial_number", "01")).status())
                .isEqualTo(404);
        assertThat(viewer.get(DEV + "/devices/d1").json().get("status").asText()).isEqualTo("NO_IDENTITY");
    }

    @Test
    void deviceGroupsAsInTheSeed() {
        register("d1", List.of("sensor", "production"), Map.of());
        register("d2", List.of("production"), Map.of());
        TestHttp.Response created = admin.post(DEV + "/device-groups", "{\"name\":\"Production Sensors\","
                + "\"description\":\"All production environment sensors\",\"criteria\":["
                + "{\"field\":\"tags\",\"operand\":\"contains\",\"value\":\"production\"},"
                + "{\"field\":\"tags\",\"operand\":\"contains\",\"value\":\"sensor\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        JsonNode list = viewer.get(DEV + "/device-groups").json();
        assertThat(list.get("list").get(0).get("name").asText()).isEqualTo("Production Sensors");
        assertThat(list.has("next_bookmark")).isTrue();
        assertThat(ids(viewer.get(DEV + "/device-groups/" + id + "/devices"))).containsExactly("d1");
        assertThat(viewer.get(DEV + "/device-groups/" + id + "/stats").json().get("total").asInt()).isEqualTo(1);
        operator.put(DEV + "/devices/d2/metadata", Map.of());
        assertThat(admin.post(DEV + "/device-groups", "{\"name\":\"x\",\"criteria\":[{\"field\":\"tags\","
                + "\"operand\":\"eq\",\"value\":\"a\"}]}").status()).isEqualTo(400);
        assertThat(operator.post(DEV + "/device-groups", "{\"name\":\"y\"}").status()).isEqualTo(403);
        TestHttp.Response child = admin.post(DEV + "/device-groups", "{\"name\":\"child\",\"parent_id\":\"" + id
                + "\",\"criteria\":[{\"field\":\"id\",\"operand\":\"eq\",\"value\":\"d2\"}]}");
        assertThat(child.json().get("inherited_criteria").size()).isEqualTo(2);
        assertThat(ids(viewer.get(DEV + "/device-groups/" + child.json().get("id").asText() + "/devices"))).isEmpty();
        TestHttp.Response cyc = admin.put(DEV + "/device-groups/" + id, Map.of("parent_id", child.json().get("id").asText()));
        assertThat(cyc.status()).isEqualTo(400);
        assertThat(admin.put(DEV + "/device-groups/" + id, Map.of("name", "Renamed")).json().get("name").asText())
                .isEqualTo("Renamed");
        assertThat(admin.delete(DEV + "/device-groups/" + id).status()).isEqualTo(204);
        assertThat(viewer.get(DEV + "/device-groups/" + id).status()).isEqualTo(404);
        assertThat(viewer.get(DEV + "/device-groups/" + child.json().get("id").asText()).status()).isEqualTo(404);
    }

    @Test
    void dmsCrud() {
        JsonNode dms = viewer.get(DMS + "/dms/manufacturing-dms").json();
        assertThat(dms.get("settings").get("reenrollment_settings").get("preventive_delta").asText()).isEqualTo("31d");
        assertThat(dms.get("creation_ts").asText()).isNotBlank();
        assertThat(viewer.get(DMS + "/dms?filter=" + q("name[eq]Manufacturing")).json().get("list").size()).isEqualTo(1);
        assertThat(viewer.get(DMS + "/stats").json().get("total").asInt()).isEqualTo(1);
        assertThat(admin.post(DMS + "/dms", Map.of("id", "manufacturing-dms", "name", "again")).status()).isEqualTo(409);
        assertThat(operator.post(DMS + "/dms", Map.of("id", "op", "name", "op")).status()).isEqualTo(403);
        assertThat(admin.post(DMS + "/dms", "{\"id\":\"z\",\"name\":\"z\",\"settings\":{\"bogus\":1}}").status())
                .isEqualTo(400);
        assertThat(admin.post(DMS + "/dms", "{\"id\":\"z\",\"name\":\"z\",\"settings\":{\"enrollment_settings\":"
                + "{\"enrollment_ca\":\"some-ca\"}}}").status()).isEqualTo(400);
        TestHttp.Response upd = admin.put(DMS + "/dms/manufacturing-dms", "{\"name\":\"Renamed\",\"settings\":"
                + "{\"reenrollment_settings\":{\"preventive_delta\":\"90s\",\"critical_delta\":\"30s\"}}}");
        assertThat(upd.status()).as(upd.body()).isEqualTo(200);
        assertThat(upd.json().get("settings").get("reenrollment_settings").get("critical_delta").asText()).isEqualTo("30s");
        assertThat(admin.put(DMS + "/dms/manufacturing-dms", Map.of("id", "other", "name", "x")).status()).isEqualTo(400);
        com.fasterxml.jackson.databind.node.ObjectNode roundTrip = (com.fasterxml.jackson.databind.node.ObjectNode)
                viewer.get(DMS + "/dms/manufacturing-dms").json();
        roundTrip.put("name", "From GET");
        TestHttp.Response put = admin.put(DMS + "/dms/manufacturing-dms", roundTrip.toString());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("settings")).isEqualTo(roundTrip.get("settings"));
        TestHttp.Response meta = admin.patch(DMS + "/dms/manufacturing-dms/metadata", "application/json",
                "{\"patches\":[{\"op\":\"add\",\"path\":\"/site\",\"value\":\"plant-1\"}]}");
        assertThat(meta.json().get("metadata").get("site").asText()).isEqualTo("plant-1");
        register("d1", List.of(), Map.of());
        assertThat(admin.delete(DMS + "/dms/manufacturing-dms").status()).isEqualTo(409);
        operator.delete(DEV + "/devices/d1/decommission");
        admin.delete(DEV + "/devices/d1");
        assertThat(admin.delete(DMS + "/dms/manufacturing-dms").status()).isEqualTo(204);
        assertThat(viewer.get(DMS + "/dms/manufacturing-dms").status()).isEqualTo(404);
    }
}
