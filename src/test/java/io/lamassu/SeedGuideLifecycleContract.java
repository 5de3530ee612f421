package io.lamassu;

import static io.lamassu.SeedGuideClient.CA;
import static io.lamassu.SeedGuideClient.DEV;
import static io.lamassu.SeedGuideClient.ok;
import static io.lamassu.SeedGuideClient.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Monitor Device Certificate Status" through the real CA: certificates valid for one hour, a DMS
 * whose renewal window opens 20 minutes and whose critical window opens 5 minutes before expiry.
 * Time moves only by the test clock; the scheduled jobs are run by hand at the clock's time.
 */
abstract class SeedGuideLifecycleContract {
    TestApp app;
    SeedGuideClient api;

    abstract TestApp start();

    @BeforeEach
    void setUp() {
        app = start();
        api = new SeedGuideClient(app);
        api.createSeedPrerequisites("1h", "20m", "5m");
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    /** Registers {@code id} and binds a freshly signed certificate from {@code caId}; returns its serial. */
    String enrolled(String id, String caId) {
        ok(api.register(id, "manufacturing-dms", List.of("sensor"), Map.of()), 201);
        String serial = api.signedSerial(caId, id);
        ok(api.bind(id, serial), 200);
        return serial;
    }

    @Test
    void timeMovesDevicesThroughEveryTransition() {
        Instant t0 = app.clock().instant();
        String serial = enrolled("device-001", "issuing-ca-01");
        JsonNode slot = api.device("device-001").get("identity_slot");
        Instant expiry = Instant.parse(slot.get("expiration_date").asText());
        assertThat(expiry).isEqualTo(Instant.parse(api.certificate(serial).get("valid_to").asText()));
        assertThat(Duration.between(t0, expiry)).isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));
        assertThat(Instant.parse(slot.get("renewal_window_at").asText())).isEqualTo(expiry.minus(Duration.ofMinutes(20)));
        assertThat(Instant.parse(slot.get("about_to_expire_at").asText())).isEqualTo(expiry.minus(Duration.ofMinutes(5)));
        String activeGroup = ok(api.admin.post(DEV + "/device-groups", "{\"name\":\"Healthy\",\"criteria\":[{\"field\":"
                + "\"status\",\"operand\":\"eq\",\"value\":\"ACTIVE\"}]}"), 201).get("id").asText();
        assertThat(api.groupMembers(activeGroup)).containsExactly("device-001");

        moveTo(expiry.minus(Duration.ofMinutes(20)).minusSeconds(1));
        assertThat(api.runJobs()).isZero();
        assertThat(api.status("device-001")).isEqualTo("ACTIVE");

        moveTo(expiry.minus(Duration.ofMinutes(20)));
        assertThat(api.runJobs()).isEqualTo(1);
        assertThat(api.status("device-001")).isEqualTo("RENEWAL_WINDOW");
        assertThat(api.devicesWhere("status[eq]RENEWAL_PENDING")).containsExactly("device-001");
        assertThat(api.devicesWhere("status[eq]=RENEWAL_WINDOW")).containsExactly("device-001");
        assertThat(api.groupMembers(activeGroup)).isEmpty();
        assertThat(api.runJobs()).isZero();
        assertDistribution("RENEWAL_WINDOW");

        moveTo(expiry.minus(Duration.ofMinutes(5)));
        assertThat(api.runJobs()).isEqualTo(1);
        assertThat(api.devicesWhere("status[eq]=ABOUT_TO_EXPIRE")).containsExactly("device-001");
        assertThat(api.devicesWhere("status[eq]EXPIRING_SOON")).containsExactly("device-001");
        assertDistribution("ABOUT_TO_EXPIRE");
        assertThat(api.certificate(serial).get("status").asText()).isEqualTo("ACTIVE");

        moveTo(expiry);
        assertThat(app.app().deviceLifecycle().runOnce(app.clock().instant())).isEqualTo(1);
        assertThat(api.status("device-001")).isEqualTo("EXPIRED");
        assertThat(app.app().expiryJob().runOnce(app.clock().instant())).isEqualTo(1);
        assertThat(api.certificate(serial).get("status").asText()).isEqualTo("EXPIRED");
        assertThat(api.status("device-001")).isEqualTo("EXPIRED");
        assertThat(api.runJobs()).isZero();
        assertDistribution("EXPIRED");
        assertThat(api.statusUpdates("device-001")).containsExactly("NO_IDENTITY->ACTIVE", "ACTIVE->RENEWAL_WINDOW",
                "RENEWAL_WINDOW->ABOUT_TO_EXPIRE", "ABOUT_TO_EXPIRE->EXPIRED");
        assertThat(api.events("certificate.status.update", "certificate/" + serial)).hasSize(1);

        // Re-binding a fresh certificate brings the expired device back to ACTIVE, and into the group.
        String renewed = api.signedSerial("issuing-ca-01", "device-001");
        ok(api.bind("device-001", renewed), 200);
        assertThat(api.status("device-001")).isEqualTo("ACTIVE");
        assertThat(api.groupMembers(activeGroup)).containsExactly("device-001");
        // The expired certificate stays EXPIRED: only a usable identity is revoked as superseded.
        assertThat(api.certificate(serial).get("status").asText()).isEqualTo("EXPIRED");
        JsonNode stats = ok(api.viewer.get(DEV + "/stats"), 200).get("status_distribution");
        assertThat(stats.get("ACTIVE").asLong()).isEqualTo(1);
        assertThat(stats.get("EXPIRED").asLong()).isZero();
    }

    @Test
    void aLateRunJumpsStraightToTheRightStatusAndTheCaJobAloneExpiresDevices() {
        enrolled("device-001", "issuing-ca-01");
        String second = enrolled("device-002", "issuing-ca-01");
        Instant expiry = Instant.parse(api.device("device-001").get("identity_slot").get("expiration_date").asText());
        moveTo(expiry.minus(Duration.ofMinutes(2)));
        assertThat(app.app().deviceLifecycle().runOnce(app.clock().instant())).isEqualTo(2);
        assertThat(api.statusUpdates("device-001")).containsExactly("NO_IDENTITY->ACTIVE", "ACTIVE->ABOUT_TO_EXPIRE");

        // Only the CA's expiry job runs: the certificate's status change expires the device by itself.
        moveTo(expiry.plusSeconds(1));
        assertThat(app.app().expiryJob().runOnce(app.clock().instant())).isEqualTo(2);
        assertThat(api.status("device-002")).isEqualTo("EXPIRED");
        assertThat(api.certificate(second).get("status").asText()).isEqualTo("EXPIRED");
        assertThat(app.app().deviceLifecycle().runOnce(app.clock().instant())).isZero();
        assertThat(api.statusUpdates("device-002")).containsExactly("NO_IDENTITY->ACTIVE", "ACTIVE->ABOUT_TO_EXPIRE",
                "ABOUT_TO_EXPIRE->EXPIRED");
    }

    @Test
    void revocationByTheCertificateApiRevokesTheDeviceAtOnce() {
        String serial = enrolled("device-001", "issuing-ca-01");
        String group = ok(api.admin.post(DEV + "/device-groups", "{\"name\":\"Revoked\",\"criteria\":[{\"field\":"
                + "\"status\",\"operand\":\"eq\",\"value\":\"REVOKED\"}]}"), 201).get("id").asText();
        ok(api.setCertificateStatus(serial, "REVOKED", "KeyCompromise"), 200);
        JsonNode d = api.device("device-001");
        assertThat(d.get("status").asText()).isEqualTo("REVOKED");
        assertThat(d.get("identity_slot").get("status").asText()).isEqualTo("REVOKED");
        assertThat(api.groupMembers(group)).containsExactly("device-001");
        assertThat(api.devicesWhere("status[eq]=REVOKED")).containsExactly("device-001");

        // Time passing never moves a revoked device, not even past the certificate's expiry.
        api.advanceClock(Duration.ofHours(2));
        api.runJobs();
        assertThat(api.status("device-001")).isEqualTo("REVOKED");
        assertThat(api.statusUpdates("device-001")).containsExactly("NO_IDENTITY->ACTIVE", "ACTIVE->REVOKED");
    }

    @Test
    void certificateHoldAndReleaseFollowTheDevice() {
        String serial = enrolled("device-001", "issuing-ca-01");
        Instant expiry = Instant.parse(api.device("device-001").get("identity_slot").get("expiration_date").asText());
        ok(api.setCertificateStatus(serial, "REVOKED", "CertificateHold"), 200);
        assertThat(api.status("device-001")).isEqualTo("REVOKED");
        ok(api.setCertificateStatus(serial, "ACTIVE", null), 200);
        assertThat(api.status("device-001")).isEqualTo("ACTIVE");

        // Held across the opening of the renewal window: the release lands on the status for "now".
        ok(api.setCertificateStatus(serial, "REVOKED", "CertificateHold"), 200);
        moveTo(expiry.minus(Duration.ofMinutes(10)));
        assertThat(api.runJobs()).isZero();
        assertThat(api.status("device-001")).isEqualTo("REVOKED");
        ok(api.setCertificateStatus(serial, "ACTIVE", null), 200);
        assertThat(api.status("device-001")).isEqualTo("RENEWAL_WINDOW");
        // ...and the lifecycle job still knows when to look at it next.
        moveTo(expiry.minus(Duration.ofMinutes(5)));
        assertThat(api.runJobs()).isEqualTo(1);
        assertThat(api.status("device-001")).isEqualTo("ABOUT_TO_EXPIRE");
        assertThat(api.statusUpdates("device-001")).containsExactly("NO_IDENTITY->ACTIVE", "ACTIVE->REVOKED",
                "REVOKED->ACTIVE", "ACTIVE->REVOKED", "REVOKED->RENEWAL_WINDOW", "RENEWAL_WINDOW->ABOUT_TO_EXPIRE");
        JsonNode released = SeedGuideClient.data(api.events("certificate.status.update", "certificate/" + serial)
                .get(1));
        assertThat(released.get("previous").get("status").asText()).isEqualTo("REVOKED");
        assertThat(released.get("updated").get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void revokingACaRevokesEveryDeviceBelowIt() {
        api.createCa("plant-root-ca", null, "device-profile");
        api.createCa("line-2-ca", "plant-root-ca", "device-profile");
        trustAlso("manufacturing-dms", "plant-root-ca");
        String below = enrolled("device-001", "line-2-ca");
        String elsewhere = enrolled("device-002", "issuing-ca-01");
        ok(api.admin.post(CA + "/cas/plant-root-ca/status", "{\"status\":\"REVOKED\","
                + "\"revocation_reason\":\"KeyCompromise\"}"), 201);
        JsonNode cert = api.certificate(below);
        assertThat(cert.get("status").asText()).isEqualTo("REVOKED");
        assertThat(cert.get("revocation_reason").asText()).isEqualTo("CessationOfOperation");
        assertThat(api.status("device-001")).isEqualTo("REVOKED");
        assertThat(api.status("device-002")).isEqualTo("ACTIVE");
        assertThat(api.certificate(elsewhere).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.devicesWhere("status[eq]REVOKED")).containsExactly("device-001");
        assertThat(api.statusUpdates("device-001")).containsExactly("NO_IDENTITY->ACTIVE", "ACTIVE->REVOKED");
        assertThat(api.events("ca.status.update", "ca/line-2-ca")).hasSize(1);

        // Re-enrolled under a CA that is still trusted: ACTIVE again (binding does not revive the old one).
        String fresh = api.signedSerial("issuing-ca-01", "device-001");
        JsonNode bound = ok(api.operator.put(DEV + "/devices/device-001/idslot",
                "{\"certificate_serial_number\":\"" + fresh + "\"}"), 200);
        assertThat(bound.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(bound.get("identity_slot").get("active_version").asInt()).isEqualTo(1);
        assertThat(api.certificate(below).get("revocation_reason").asText()).isEqualTo("CessationOfOperation");
        JsonNode stats = ok(api.viewer.get(DEV + "/stats?filter=" + q("dms_owner[eq]manufacturing-dms")), 200);
        assertThat(stats.get("status_distribution").get("ACTIVE").asLong()).isEqualTo(2);
        assertThat(stats.get("status_distribution").get("REVOKED").asLong()).isZero();
    }

    /** Adds a validation CA to the DMS: identities must come from its own CAs (ADR 0500). */
    void trustAlso(String dmsId, String caId) {
        JsonNode dms = ok(api.viewer.get(SeedGuideClient.DMS + "/dms/" + dmsId), 200);
        ((com.fasterxml.jackson.databind.node.ObjectNode) dms.get("settings").get("enrollment_settings")
                .get("est_rfc7030_settings").get("client_certificate_settings")).putArray("validation_cas").add(caId);
        ok(api.admin.put(SeedGuideClient.DMS + "/dms/" + dmsId, dms.toString()), 200);
    }

    @Test
    void rebindingOverAHeldIdentitySupersedesItAndReactivatesTheDevice() {
        String held = enrolled("device-001", "issuing-ca-01");
        ok(api.setCertificateStatus(held, "REVOKED", "CertificateHold"), 200);
        assertThat(api.status("device-001")).isEqualTo("REVOKED");
        String fresh = api.signedSerial("issuing-ca-01", "device-001");
        String colons = String.join(":", fresh.toUpperCase().split("(?<=\\G..)"));
        JsonNode d = ok(api.bind("device-001", colons), 200).get("device");
        assertThat(d.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(d.get("identity_slot").get("serial_number").asText()).isEqualTo(fresh);
        JsonNode old = api.certificate(held);
        assertThat(old.get("status").asText()).isEqualTo("REVOKED");
        assertThat(old.get("revocation_reason").asText()).isEqualTo("Superseded");
        // The superseded certificate's status change did not reach the device.
        assertThat(api.status("device-001")).isEqualTo("ACTIVE");
        assertThat(api.statusUpdates("device-001")).containsExactly("NO_IDENTITY->ACTIVE", "ACTIVE->REVOKED",
                "REVOKED->ACTIVE");
    }

    @Test
    void aCertificateBoundInsideItsWindowsStartsThereAndSecondsWork() {
        api.createDms("short-dms", "issuing-ca-01", "2h", "90s");
        ok(api.register("device-001", "short-dms", List.of(), Map.of()), 201);
        String serial = api.signedSerial("issuing-ca-01", "device-001");
        JsonNode d = ok(api.operator.put(DEV + "/devices/device-001/idslot",
                Map.of("certificate_serial_number", serial)), 200);
        assertThat(d.get("status").asText()).isEqualTo("RENEWAL_WINDOW");
        Instant expiry = Instant.parse(d.get("identity_slot").get("expiration_date").asText());
        moveTo(expiry.minusSeconds(91));
        assertThat(api.runJobs()).isZero();
        moveTo(expiry.minusSeconds(90));
        assertThat(api.runJobs()).isEqualTo(1);
        assertThat(api.status("device-001")).isEqualTo("ABOUT_TO_EXPIRE");
        assertThat(api.statusUpdates("device-001")).containsExactly("NO_IDENTITY->RENEWAL_WINDOW",
                "RENEWAL_WINDOW->ABOUT_TO_EXPIRE");
    }

    @Test
    void releasedAfterItsExpiryTheDeviceIsExpiredNotActive() {
        String serial = enrolled("device-001", "issuing-ca-01");
        Instant expiry = Instant.parse(api.device("device-001").get("identity_slot").get("expiration_date").asText());
        ok(api.setCertificateStatus(serial, "REVOKED", "CertificateHold"), 200);
        moveTo(expiry.plusSeconds(60));
        api.runJobs();
        assertThat(api.status("device-001")).isEqualTo("REVOKED");
        // Released after its NotAfter the certificate is expired (RFC 5280 §4.1.2.5), not usable again.
        JsonNode released = ok(api.setCertificateStatus(serial, "ACTIVE", null), 200);
        assertThat(released.get("status").asText()).isEqualTo("EXPIRED");
        assertThat(api.status("device-001")).isEqualTo("EXPIRED");
        assertThat(api.runJobs()).isZero();
        assertThat(api.certificate(serial).get("status").asText()).isEqualTo("EXPIRED");
        // Decommissioning afterwards leaves no certificate usable.
        ok(api.operator.delete(DEV + "/devices/device-001/decommission"), 200);
        assertThat(api.certificate(serial).get("status").asText()).isEqualTo("EXPIRED");
        assertThat(api.status("device-001")).isEqualTo("DECOMMISSIONED");
        assertThat(api.statusUpdates("device-001")).containsExactly("NO_IDENTITY->ACTIVE", "ACTIVE->REVOKED",
                "REVOKED->EXPIRED", "EXPIRED->DECOMMISSIONED");
    }

    @Test
    void aCertificatePastItsNotAfterCannotBeBoundEvenBeforeTheExpiryJobRan() {
        ok(api.register("device-001", "manufacturing-dms", List.of(), Map.of()), 201);
        String serial = api.signedSerial("issuing-ca-01", "device-001");
        api.advanceClock(Duration.ofMinutes(61));
        JsonNode before = api.device("device-001");
        SeedGuideClient.assertError(api.bind("device-001", serial), 409, "CERTIFICATE_NOT_ACTIVE");
        assertThat(api.device("device-001")).isEqualTo(before);
        assertThat(api.certificate(serial).get("metadata").has(SeedGuideClient.ATTACHED_TO)).isFalse();
    }

    @Test
    void decommissioningAHeldDeviceRevokesItsCertificateForGood() {
        String serial = enrolled("device-001", "issuing-ca-01");
        ok(api.setCertificateStatus(serial, "REVOKED", "CertificateHold"), 200);
        ok(api.operator.delete(DEV + "/devices/device-001/decommission"), 200);
        JsonNode cert = api.certificate(serial);
        assertThat(cert.get("status").asText()).isEqualTo("REVOKED");
        assertThat(cert.get("revocation_reason").asText()).isEqualTo("CessationOfOperation");
        SeedGuideClient.assertError(api.setCertificateStatus(serial, "ACTIVE", null), 409,
                "INVALID_STATUS_TRANSITION");
        assertThat(api.status("device-001")).isEqualTo("DECOMMISSIONED");
        assertThat(api.statusUpdates("device-001")).containsExactly("NO_IDENTITY->ACTIVE", "ACTIVE->REVOKED",
                "REVOKED->DECOMMISSIONED");
    }

    /** Fleet and per-DMS stats (maintained counts) agree with the one device's status. */
    private void assertDistribution(String status) {
        for (String path : List.of(DEV + "/stats", DEV + "/stats?filter=" + q("dms_owner[eq]manufacturing-dms"),
                DEV + "/stats?filter=" + q("tags[contains]sensor"))) {
            JsonNode dist = ok(api.viewer.get(path), 200).get("status_distribution");
            dist.fieldNames().forEachRemaining(name -> assertThat(dist.get(name).asLong()).as(path + " " + name)
                    .isEqualTo(name.equals(status) ? 1 : 0));
        }
    }

    private void moveTo(Instant instant) {
        api.moveClockTo(instant);
    }
}
