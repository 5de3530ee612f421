package io.lamassu;

import static io.lamassu.SeedGuideClient.ATTACHED_TO;
import static io.lamassu.SeedGuideClient.CA;
import static io.lamassu.SeedGuideClient.DEV;
import static io.lamassu.SeedGuideClient.DMS;
import static io.lamassu.SeedGuideClient.assertError;
import static io.lamassu.SeedGuideClient.ok;
import static io.lamassu.SeedGuideClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.common.json.Json;
import io.lamassu.events.CloudEvent;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's device lifecycle guide followed literally, step by step, over TLS against a real
 * server whose device manager and DMS manager reach the real CA: create a CA and profile, create a
 * DMS, register, sign an openssl CSR, bind, list and filter, patch metadata, update the identity
 * slot, stats, groups, decommission, delete; then every bad input of the binding steps.
 */
abstract class SeedGuideContract {
    static final String REGISTER_BODY = """
            {
            "id": "device-001",
            "dms_id": "manufacturing-dms",
            "tags": ["sensor", "production"],
            "metadata": {
            "location": "factory-floor-3",
            "model": "TH-2000",
            "serial_number": "SN123456789"
            }
            }""";
    static final String METADATA_PATCH = """
            {
            "patches" : [
            { "op" : "replace" , "path" : "/location" , "value" : "warehouse-2" },
            { "op" : "add" , "path" : "/firmware_version" , "value" : "v2.1.0" }
            ]
            }""";
    static final String GROUP_BODY = """
            {
            "name": "Production Sensors",
            "description": "All production environment sensors",
            "criteria": [
            { "field": "tags", "operand": "contains", "value": "production" },
            { "field": "tags", "operand": "contains", "value": "sensor" }
            ]
            }""";

    TestApp app;
    SeedGuideClient api;

    abstract TestApp start();

    @BeforeEach
    void setUp() {
        app = start();
        api = new SeedGuideClient(app);
        api.createSeedPrerequisites("1y", "31d", "7d");
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyStepOfTheSeedGuide() {
        Instant registeredAt = app.clock().instant();
        JsonNode device = registerAsInTheSeed();
        assertThat(api.device("device-001")).isEqualTo(device);

        String serial = obtainAndBindCertificate();
        listAndFilterAsInTheSeed(registeredAt);
        updateMetadataAsInTheSeed();
        String second = updateIdentitySlot(serial);
        statsAsInTheSeed();
        String group = groupsAsInTheSeed();
        decommissionAndDelete(second, group);
        assertEventsOfTheGuide(serial, second);
    }

    /** Step "Create device entry": the seed's body and response shape, field by field. */
    private JsonNode registerAsInTheSeed() {
        TestHttp.Response r = api.operator.post(DEV + "/devices", REGISTER_BODY);
        JsonNode d = ok(r, 201);
        List<String> fields = new ArrayList<>();
        d.fieldNames().forEachRemaining(fields::add);
        // The seed's seven fields, plus the documented event history (docs/devices-and-dms.md).
        assertThat(fields).containsExactly("id", "dms_owner", "status", "creation_timestamp", "tags", "metadata",
                "identity_slot", "events");
        assertThat(d.get("id").asText()).isEqualTo("device-001");
        assertThat(d.get("dms_owner").asText()).isEqualTo("manufacturing-dms");
        assertThat(d.get("status").asText()).isEqualTo("NO_IDENTITY");
        String ts = d.get("creation_timestamp").asText();
        assertThat(ts).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
        assertThat(Instant.parse(ts)).isEqualTo(app.clock().instant());
        assertThat(d.get("tags")).isEqualTo(Json.MAPPER.valueToTree(List.of("sensor", "production")));
        assertThat(d.get("metadata")).isEqualTo(Json.MAPPER.valueToTree(Map.of("location", "factory-floor-3",
                "model", "TH-2000", "serial_number", "SN123456789")));
        assertThat(d.get("identity_slot").isNull()).isTrue();
        return d;
    }

    /** Steps "Obtain a certificate" (openssl CSR, sign) and "Bind certificate to device". */
    private String obtainAndBindCertificate() {
        JsonNode cert = api.sign("issuing-ca-01", api.csr("device-001"));
        String serial = cert.get("serial_number").asText();
        assertThat(cert.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(cert.get("subject").get("common_name").asText()).isEqualTo("device-001");
        assertThat(cert.get("subject").get("organization").asText()).isEqualTo("Acme Corp");
        assertThat(cert.get("issuer_metadata").get("id").asText()).isEqualTo("issuing-ca-01");

        JsonNode bound = ok(api.bind("device-001", serial), 200);
        assertThat(bound.get("certificate").get("serial_number").asText()).isEqualTo(serial);
        // Upstream's shape: the CA's certificate object, already carrying the binding.
        assertThat(bound.get("certificate").get("certificate").asText()).isEqualTo(cert.get("certificate").asText());
        assertThat(bound.get("certificate").get("metadata").get(ATTACHED_TO).get("device_id").asText())
                .isEqualTo("device-001");
        assertThat(bound.get("dms").get("id").asText()).isEqualTo("manufacturing-dms");
        assertThat(bound.get("device").get("status").asText()).isEqualTo("ACTIVE");

        // "Verify device status": ACTIVE, with the certificate in version 0 of its identity slot.
        JsonNode device = api.device("device-001");
        assertThat(device.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode slot = device.get("identity_slot");
        assertThat(slot.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(slot.get("active_version").asInt()).isZero();
        assertThat(slot.get("type").asText()).isEqualTo("x509");
        assertThat(slot.get("versions")).isEqualTo(Json.MAPPER.valueToTree(Map.of("0", serial)));
        assertThat(slot.get("serial_number").asText()).isEqualTo(serial);
        assertThat(Instant.parse(slot.get("expiration_date").asText()))
                .isEqualTo(Instant.parse(cert.get("valid_to").asText()));
        assertAttached(serial, "device-001");
        return serial;
    }

    private void assertAttached(String serial, String deviceId) {
        JsonNode attached = api.certificate(serial).get("metadata").get(ATTACHED_TO);
        assertThat(attached).as("certificate %s metadata", serial).isNotNull();
        assertThat(attached.get("device_id").asText()).isEqualTo(deviceId);
        assertThat(attached.get("authorized_by").get("ra_id").asText()).isEqualTo("manufacturing-dms");
    }

    /** "List and Filter Devices": each of the seed's tabs, plus paging through a bookmark. */
    private void listAndFilterAsInTheSeed(Instant firstAt) {
        api.advanceClock(Duration.ofMinutes(10));
        ok(api.register("device-002", "manufacturing-dms", List.of("gateway"), Map.of("location", "warehouse-2")), 201);
        Instant secondAt = app.clock().instant();
        api.advanceClock(Duration.ofMinutes(10));
        ok(api.register("device-003", "manufacturing-dms", List.of("sensor"), Map.of("location", "factory-floor-3")),
                201);
        api.createDms("other-dms", "issuing-ca-01", "31d", "7d");
        ok(api.register("device-004", "other-dms", List.of("sensor", "production"), Map.of()), 201);

        assertThat(api.ids(DEV + "/devices")).containsExactly("device-001", "device-002", "device-003", "device-004");
        assertThat(api.devicesWhere("dms_owner[eq]manufacturing-dms"))
                .containsExactly("device-001", "device-002", "device-003");
        assertThat(api.ids(DEV + "/devices/dms/other-dms")).containsExactly("device-004");
        assertThat(api.devicesWhere("status[eq]=ACTIVE")).containsExactly("device-001");
        assertThat(api.devicesWhere("status[eq]=NO_IDENTITY")).containsExactly("device-002", "device-003", "device-004");
        assertThat(api.devicesWhere("status[eq]=ABOUT_TO_EXPIRE")).isEmpty();
        assertThat(api.devicesWhere("status[eq]RENEWAL_PENDING")).isEmpty();
        assertThat(api.devicesWhere("tags[contains]sensor")).containsExactly("device-001", "device-003", "device-004");
        assertThat(api.devicesWhere("metadata[jsonpath]$.location == \"factory-floor-3\""))
                .containsExactly("device-001", "device-003");
        assertThat(api.devicesWhere("creation_timestamp[bf]" + secondAt)).containsExactly("device-001");
        assertThat(api.devicesWhere("creation_timestamp[af]" + secondAt)).containsExactly("device-003", "device-004");
        assertThat(api.ids(DEV + "/devices?filter=" + q("creation_timestamp[af]" + firstAt) + "&filter="
                + q("creation_timestamp[bf]" + app.clock().instant()))).containsExactly("device-002");
        assertThat(api.ids(DEV + "/devices?sort_by=creation_timestamp&sort_mode=desc"))
                .containsExactly("device-004", "device-003", "device-002", "device-001");
        assertThat(api.ids(DEV + "/devices?page_size=50")).hasSize(4);
        assertPaging();
    }

    private void assertPaging() {
        TestHttp.Response first = api.viewer.get(DEV + "/devices?page_size=3");
        assertThat(SeedGuideClient.ids(first)).containsExactly("device-001", "device-002", "device-003");
        String next = first.json().get("next").asText();
        assertThat(next).isNotBlank();
        TestHttp.Response second = api.viewer.get(DEV + "/devices?page_size=3&bookmark=" + q(next));
        assertThat(SeedGuideClient.ids(second)).containsExactly("device-004");
        JsonNode end = second.json().get("next");
        assertThat(end == null || end.isNull() || end.asText().isEmpty()).as(second.body()).isTrue();
    }

    /** "Update Device Metadata": the seed's patch document with PUT, then a plain PUT and a merge PATCH. */
    private void updateMetadataAsInTheSeed() {
        JsonNode patched = ok(api.operator.put(DEV + "/devices/device-001/metadata", METADATA_PATCH), 200);
        assertThat(patched.get("metadata")).isEqualTo(Json.MAPPER.valueToTree(Map.of("location", "warehouse-2",
                "model", "TH-2000", "serial_number", "SN123456789", "firmware_version", "v2.1.0")));
        assertThat(api.devicesWhere("metadata[jsonpath]$.location == \"factory-floor-3\""))
                .containsExactly("device-003");

        JsonNode failingBefore = api.device("device-001");
        TestHttp.Response failing = api.operator.patch(DEV + "/devices/device-001/metadata", "application/json",
                "{\"patches\":[{\"op\":\"add\",\"path\":\"/a\",\"value\":1},"
                        + "{\"op\":\"remove\",\"path\":\"/does-not-exist\"}]}");
        assertThat(failing.status()).as(failing.body()).isIn(400, 422);
        assertThat(failing.json().get("detail").asText()).contains("1");
        assertThat(api.device("device-001")).isEqualTo(failingBefore);

        JsonNode replaced = ok(api.operator.put(DEV + "/devices/device-001/metadata",
                Map.of("location", "warehouse-2", "model", "TH-2000")), 200);
        assertThat(replaced.get("metadata")).isEqualTo(Json.MAPPER.valueToTree(Map.of("location", "warehouse-2",
                "model", "TH-2000")));
        JsonNode merged = ok(api.operator.patch(DEV + "/devices/device-001/metadata", "application/merge-patch+json",
                "{\"model\":null,\"firmware_version\":\"v2.2.0\"}"), 200);
        assertThat(merged.get("metadata")).isEqualTo(Json.MAPPER.valueToTree(Map.of("location", "warehouse-2",
                "firmware_version", "v2.2.0")));
        JsonNode mergedPlain = ok(api.operator.patch(DEV + "/devices/device-001/metadata", "application/json",
                "{\"rack\":7}"), 200);
        assertThat(mergedPlain.get("metadata").get("rack").asInt()).isEqualTo(7);
        assertThat(mergedPlain.get("metadata").get("location").asText()).isEqualTo("warehouse-2");
    }

    /** "Update Device Identity Slot": a second certificate, the first revoked as Superseded. */
    private String updateIdentitySlot(String first) {
        String second = api.signedSerial("issuing-ca-01", "device-001");
        JsonNode d = ok(api.operator.put(DEV + "/devices/device-001/idslot",
                "{\"certificate_serial_number\": \"" + second + "\"}"), 200);
        assertThat(d.get("status").asText()).isEqualTo("ACTIVE");
        JsonNode slot = d.get("identity_slot");
        assertThat(slot.get("active_version").asInt()).isEqualTo(1);
        assertThat(slot.get("serial_number").asText()).isEqualTo(second);
        assertThat(slot.get("versions")).isEqualTo(Json.MAPPER.valueToTree(Map.of("0", first, "1", second)));

        JsonNode old = api.certificate(first);
        assertThat(old.get("status").asText()).isEqualTo("REVOKED");
        assertThat(old.get("revocation_reason").asText()).isEqualTo("Superseded");
        assertThat(api.certificate(second).get("status").asText()).isEqualTo("ACTIVE");
        assertAttached(second, "device-001");
        // The CA's callback for the superseded certificate did not touch the device.
        assertThat(api.status("device-001")).isEqualTo("ACTIVE");
        return second;
    }

    /** "View device statistics": all seven statuses always present. */
    private void statsAsInTheSeed() {
        JsonNode stats = ok(api.viewer.get(DEV + "/stats"), 200);
        assertThat(stats.get("total").asLong()).isEqualTo(4);
        JsonNode dist = stats.get("status_distribution");
        assertThat(dist).isEqualTo(Json.MAPPER.valueToTree(Map.of("NO_IDENTITY", 3, "ACTIVE", 1,
                "RENEWAL_WINDOW", 0, "ABOUT_TO_EXPIRE", 0, "EXPIRED", 0, "REVOKED", 0, "DECOMMISSIONED", 0)));
        JsonNode byDms = ok(api.viewer.get(DEV + "/stats?filter=" + q("dms_owner[eq]other-dms")), 200);
        assertThat(byDms.get("total").asLong()).isEqualTo(1);
        assertThat(byDms.get("status_distribution").get("NO_IDENTITY").asLong()).isEqualTo(1);
    }

    /** "Device Groups": the seed's group, listed, then following its members' changes. */
    private String groupsAsInTheSeed() {
        JsonNode group = ok(api.admin.post(DEV + "/device-groups", GROUP_BODY), 201);
        String id = group.get("id").asText();
        assertThat(group.get("name").asText()).isEqualTo("Production Sensors");
        assertThat(group.get("criteria")).hasSize(2);
        JsonNode list = ok(api.viewer.get(DEV + "/device-groups"), 200);
        assertThat(list.get("list")).extracting(n -> n.get("id").asText()).containsExactly(id);
        assertThat(api.groupMembers(id)).containsExactly("device-001", "device-004");

        // "Device groups automatically update as devices are added or modified to match the criteria."
        ok(api.register("device-005", "manufacturing-dms", List.of("production", "sensor", "rev-b"), Map.of()), 201);
        assertThat(api.groupMembers(id)).containsExactly("device-001", "device-004", "device-005");
        JsonNode stats = ok(api.viewer.get(DEV + "/device-groups/" + id + "/stats"), 200);
        assertThat(stats.get("total").asLong()).isEqualTo(3);
        assertThat(stats.get("status_distribution").get("ACTIVE").asLong()).isEqualTo(1);

        // A group over metadata: members leave and join as their metadata changes.
        String floor3 = createGroup("{\"name\":\"Floor 3\",\"criteria\":[{\"field\":\"metadata\",\"operand\":"
                + "\"jsonpath\",\"value\":\"$.location == \\\"factory-floor-3\\\"\"}]}");
        assertThat(api.groupMembers(floor3)).containsExactly("device-003");
        ok(api.operator.patch(DEV + "/devices/device-003/metadata", "application/merge-patch+json",
                "{\"location\":\"warehouse-2\"}"), 200);
        assertThat(api.groupMembers(floor3)).isEmpty();
        ok(api.operator.put(DEV + "/devices/device-001/metadata", "{\"patches\":[{\"op\":\"replace\","
                + "\"path\":\"/location\",\"value\":\"factory-floor-3\"}]}"), 200);
        assertThat(api.groupMembers(floor3)).containsExactly("device-001");
        return id;
    }

    /** "Decommission a Device" and "Delete a Device". */
    private void decommissionAndDelete(String serial, String group) {
        String active = createGroup("{\"name\":\"Active\",\"criteria\":[{\"field\":\"status\",\"operand\":\"eq\","
                + "\"value\":\"ACTIVE\"}]}");
        assertThat(api.groupMembers(active)).containsExactly("device-001");
        JsonNode d = ok(api.operator.delete(DEV + "/devices/device-001/decommission"), 200);
        assertThat(d.get("status").asText()).isEqualTo("DECOMMISSIONED");
        JsonNode verify = api.device("device-001");
        assertThat(verify.get("status").asText()).isEqualTo("DECOMMISSIONED");
        assertThat(verify.get("identity_slot").get("status").asText()).isEqualTo("REVOKED");
        JsonNode cert = api.certificate(serial);
        assertThat(cert.get("status").asText()).isEqualTo("REVOKED");
        assertThat(cert.get("revocation_reason").asText()).isEqualTo("CessationOfOperation");
        assertThat(api.groupMembers(active)).isEmpty();
        assertThat(api.groupMembers(group)).containsExactly("device-001", "device-004", "device-005");
        assertError(api.operator.delete(DEV + "/devices/device-001/decommission"), 409, "DEVICE_ALREADY_DECOMMISSIONED");

        assertError(api.admin.delete(DEV + "/devices/device-002"), 409, "DEVICE_NOT_DECOMMISSIONED");
        assertThat(api.admin.delete(DEV + "/devices/device-001").status()).isIn(200, 204);
        assertError(api.viewer.get(DEV + "/devices/device-001"), 404, "DEVICE_NOT_FOUND");
        assertThat(api.groupMembers(group)).containsExactly("device-004", "device-005");
        JsonNode stats = ok(api.viewer.get(DEV + "/stats"), 200);
        assertThat(stats.get("total").asLong()).isEqualTo(4);
        assertThat(stats.get("status_distribution").get("DECOMMISSIONED").asLong()).isZero();
        assertThat(stats.get("status_distribution").get("NO_IDENTITY").asLong()).isEqualTo(4);
        assertThat(api.status("device-002")).isEqualTo("NO_IDENTITY");
        // The certificate outlives the device record, still revoked.
        assertThat(api.certificate(serial).get("status").asText()).isEqualTo("REVOKED");
    }

    String createGroup(String body) {
        return ok(api.admin.post(DEV + "/device-groups", body), 201).get("id").asText();
    }

    /** The upstream event names of every step, delivered through the outbox. */
    private void assertEventsOfTheGuide(String first, String second) {
        List<CloudEvent> events = api.events();
        assertThat(events).extracting(CloudEvent::type).contains("ca.create", "dms.create", "device.create",
                "ca.sign.certificate", "dms.bind-device-id", "device.identity.update", "device.metadata.update",
                "certificate.status.update", "device-group.create", "device.status.update", "device.delete");
        assertThat(api.events("device.create", "device/device-001")).hasSize(1);
        assertThat(api.events("ca.sign.certificate", "certificate/" + first)).hasSize(1);
        assertThat(api.events("dms.bind-device-id", "dms/manufacturing-dms")).hasSize(1);
        assertThat(api.statusUpdates("device-001")).containsExactly("NO_IDENTITY->ACTIVE", "ACTIVE->DECOMMISSIONED");
        JsonNode superseded = SeedGuideClient.data(api.events("certificate.status.update", "certificate/" + first)
                .get(0));
        assertThat(superseded.get("previous").get("status").asText()).isEqualTo("ACTIVE");
        assertThat(superseded.get("updated").get("status").asText()).isEqualTo("REVOKED");
        assertThat(superseded.get("updated").get("revocation_reason").asText()).isEqualTo("Superseded");
        assertThat(api.events("certificate.status.update", "certificate/" + second)).hasSize(1);
        assertThat(events).allSatisfy(e -> assertThat(e.data()).doesNotContain("PRIVATE KEY"));
    }

    @Test
    void badBindingsAnswerPreciseErrorsAndStoreNothing() {
        BadInputChecks.run(api);
    }

    @Test
    void racingBindingsOfOneCertificateLeaveExactlyOneOwner() throws Exception {
        int n = 8;
        for (int i = 0; i < n; i++) {
            ok(api.register("racer-" + i, "manufacturing-dms", List.of(), Map.of()), 201);
        }
        String serial = api.signedSerial("issuing-ca-01", "racer");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<TestHttp.Response>> calls = new ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < n; i++) {
                String device = "racer-" + i;
                calls.add(pool.submit(() -> {
                    go.await();
                    return api.bind(device, serial);
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var f : calls) {
                TestHttp.Response r = f.get();
                statuses.add(r.status());
                if (r.status() != 200) {
                    assertError(r, 409, "CERTIFICATE_BOUND_TO_OTHER_DEVICE");
                }
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        List<String> active = api.devicesWhere("status[eq]ACTIVE");
        assertThat(active).hasSize(1);
        assertThat(api.certificate(serial).get("metadata").get(ATTACHED_TO).get("device_id").asText())
                .isEqualTo(active.get(0));
        assertThat(api.certificate(serial).get("status").asText()).isEqualTo("ACTIVE");
    }
}
