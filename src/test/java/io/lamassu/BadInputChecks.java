package io.lamassu;

import static io.lamassu.SeedGuideClient.ATTACHED_TO;
import static io.lamassu.SeedGuideClient.CA;
import static io.lamassu.SeedGuideClient.DEV;
import static io.lamassu.SeedGuideClient.DMS;
import static io.lamassu.SeedGuideClient.assertError;
import static io.lamassu.SeedGuideClient.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.testkit.TestHttp;
import java.util.List;
import java.util.Map;

/**
 * Every bad input of the seed's binding and registration steps, each answered with a precise 4xx
 * and a stable code, and each leaving devices and certificates exactly as they were.
 */
final class BadInputChecks {
    private final SeedGuideClient api;

    private BadInputChecks(SeedGuideClient api) {
        this.api = api;
    }

    static void run(SeedGuideClient api) {
        BadInputChecks c = new BadInputChecks(api);
        ok(api.register("device-001", "manufacturing-dms", List.of("sensor"), Map.of()), 201);
        ok(api.register("device-002", "manufacturing-dms", List.of("sensor"), Map.of()), 201);
        c.certificateProblems();
        c.requestProblems();
        c.authProblems();
        c.decommissionedDevices();
    }

    private void certificateProblems() {
        JsonNode before = api.device("device-001");
        assertError(api.bind("device-001", "1a2b3c4d5e6f"), 404, "CERTIFICATE_NOT_FOUND");
        assertError(api.operator.put(DEV + "/devices/device-001/idslot",
                Map.of("certificate_serial_number", "1a2b3c4d5e6f")), 404, "CERTIFICATE_NOT_FOUND");
        // A CA's own certificate is never a device identity.
        String caSerial = api.viewer.get(CA + "/cas/issuing-ca-01").json().get("certificate").get("serial_number")
                .asText();
        assertError(api.bind("device-001", caSerial), 404, "CERTIFICATE_NOT_FOUND");

        String revoked = api.signedSerial("issuing-ca-01", "device-001");
        ok(api.setCertificateStatus(revoked, "REVOKED", "KeyCompromise"), 200);
        assertError(api.bind("device-001", revoked), 409, "CERTIFICATE_NOT_ACTIVE");
        String held = api.signedSerial("issuing-ca-01", "device-001");
        ok(api.setCertificateStatus(held, "REVOKED", "CertificateHold"), 200);
        assertError(api.operator.put(DEV + "/devices/device-001/idslot", Map.of("certificate_serial_number", held)),
                409, "CERTIFICATE_NOT_ACTIVE");
        assertThat(api.device("device-001")).isEqualTo(before);
        assertThat(api.certificate(revoked).get("metadata").has(ATTACHED_TO)).isFalse();

        String good = api.signedSerial("issuing-ca-01", "device-002");
        assertError(api.bind("ghost-device", good), 404, "DEVICE_NOT_FOUND");
        assertThat(api.certificate(good).get("metadata").has(ATTACHED_TO)).isFalse();
        ok(api.bind("device-002", good), 200);
        JsonNode device2 = api.device("device-002");
        assertError(api.bind("device-001", good), 409, "CERTIFICATE_BOUND_TO_OTHER_DEVICE");
        assertError(api.operator.put(DEV + "/devices/device-001/idslot", Map.of("certificate_serial_number",
                good.toUpperCase())), 409, "CERTIFICATE_BOUND_TO_OTHER_DEVICE");
        assertThat(api.device("device-001")).isEqualTo(before);
        assertThat(api.device("device-002")).isEqualTo(device2);
        assertThat(api.certificate(good).get("metadata").get(ATTACHED_TO).get("device_id").asText())
                .isEqualTo("device-002");
        // Binding the current identity again changes nothing (idempotent).
        ok(api.bind("device-002", good), 200);
        assertThat(api.device("device-002")).isEqualTo(device2);
    }

    private void requestProblems() {
        String bind = DMS + "/dms/bind-identity";
        assertThat(api.operator.post(bind, "{\"device_id\": \"device-001\", ").status()).isEqualTo(400);
        assertThat(api.operator.post(bind, "{\"device_id\":\"device-001\",\"certificate_serial_number\":\"01\","
                + "\"colour\":1}").status()).isEqualTo(400);
        assertError(api.operator.post(bind, "{\"device_id\":\"device-001\"}"), 400, "INVALID_SERIAL_NUMBER");
        assertError(api.operator.post(bind, "{\"certificate_serial_number\":\"01\"}"), 400, "INVALID_BIND");
        TestHttp.Response wrongType = api.operator.send("POST", bind, "text/plain",
                "{\"device_id\":\"device-001\",\"certificate_serial_number\":\"01\"}");
        assertError(wrongType, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(api.operator.send("PUT", DEV + "/devices/device-001/idslot", "text/plain",
                "{\"certificate_serial_number\":\"01\"}").status()).isEqualTo(415);
        assertThat(api.operator.send("POST", DEV + "/devices", "application/xml", "<device/>").status())
                .isEqualTo(415);
        assertThat(api.operator.post(DEV + "/devices", "{not json").status()).isEqualTo(400);
        assertError(api.register("bad id", "manufacturing-dms", List.of(), Map.of()), 400, "INVALID_DEVICE_ID");
        assertError(api.register("device-009", "ghost-dms", List.of(), Map.of()), 404, "DMS_NOT_FOUND");
        assertError(api.register("device-001", "manufacturing-dms", List.of(), Map.of()), 409,
                "DEVICE_ALREADY_EXISTS");
        assertThat(api.status("device-001")).isEqualTo("NO_IDENTITY");
    }

    private void authProblems() {
        String body = "{\"id\":\"device-777\",\"dms_id\":\"manufacturing-dms\",\"tags\":[],\"metadata\":{}}";
        assertThat(api.viewer.post(DEV + "/devices", body).status()).isEqualTo(403);
        assertThat(api.anonymous.post(DEV + "/devices", body).status()).isEqualTo(401);
        assertThat(api.anonymous.get(DEV + "/devices").status()).isEqualTo(401);
        String sn = api.signedSerial("issuing-ca-01", "device-001");
        assertThat(api.viewer.post(DMS + "/dms/bind-identity", Map.of("device_id", "device-001",
                "certificate_serial_number", sn)).status()).isEqualTo(403);
        assertThat(api.anonymous.post(DMS + "/dms/bind-identity", Map.of("device_id", "device-001",
                "certificate_serial_number", sn)).status()).isEqualTo(401);
        assertThat(api.viewer.put(DEV + "/devices/device-001/idslot", Map.of("certificate_serial_number", sn))
                .status()).isEqualTo(403);
        assertThat(api.viewer.post(CA + "/cas/issuing-ca-01/sign", Map.of("csr", api.csr("device-001"),
                "profile_id", "device-profile")).status()).isEqualTo(403);
        assertThat(api.operator.post(DEV + "/device-groups", Map.of("name", "ops")).status()).isEqualTo(403);
        assertThat(api.operator.delete(DEV + "/devices/device-001").status()).isEqualTo(403);
        assertThat(api.ids(DEV + "/devices")).containsExactly("device-001", "device-002");
        assertThat(api.status("device-001")).isEqualTo("NO_IDENTITY");
        assertThat(api.certificate(sn).get("metadata").has(ATTACHED_TO)).isFalse();
    }

    private void decommissionedDevices() {
        ok(api.operator.delete(DEV + "/devices/device-001/decommission"), 200);
        String sn = api.signedSerial("issuing-ca-01", "device-001");
        assertError(api.bind("device-001", sn), 409, "DEVICE_DECOMMISSIONED");
        assertError(api.operator.put(DEV + "/devices/device-001/idslot", Map.of("certificate_serial_number", sn)),
                409, "DEVICE_DECOMMISSIONED");
        assertThat(api.certificate(sn).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.certificate(sn).get("metadata").has(ATTACHED_TO)).isFalse();
        assertError(api.operator.delete(DEV + "/devices/ghost/decommission"), 404, "DEVICE_NOT_FOUND");
        assertError(api.admin.delete(DEV + "/devices/ghost"), 404, "DEVICE_NOT_FOUND");
    }
}
