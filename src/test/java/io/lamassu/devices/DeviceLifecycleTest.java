package io.lamassu.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every status transition, driven by a clock moved by hand (no sleeping). On SQLite the job takes
 * the Java path; {@link PostgresDeviceLifecycleTest} runs the same cases on the set-based
 * PostgreSQL path.
 */
public class DeviceLifecycleTest {
    public static final String SETTINGS = "{\"enrollment_settings\":{\"enrollment_ca\":\"" + FakeCa.ISSUER + "\"},"
            + "\"reenrollment_settings\":{\"preventive_delta\":\"90s\",\"critical_delta\":\"30s\"}}";
    DevicesFixture f;

    @BeforeEach
    void setUp() {
        f = fixture();
        f.createDms("dms-1", SETTINGS);
        f.register("dev-1", "dms-1", List.of("sensor"), Map.of("location", "factory-floor-3"));
    }

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    DevicesFixture fixture() {
        return DevicesFixture.sqlite();
    }

    private DeviceStatus status() {
        return f.devices.get("dev-1").status();
    }

    @Test
    void bindingMakesTheDeviceActiveWithVersionZeroAndAttachesTheCertificate() {
        f.ca.issue("0a1b", Duration.ofMinutes(10));
        Device d = f.identities.updateIdentitySlot("dev-1", "0A:1B");
        assertThat(d.status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(d.identitySlot().activeVersion()).isZero();
        assertThat(d.identitySlot().versions()).containsEntry("0", "0a1b");
        assertThat(d.identitySlot().expirationDate()).isEqualTo(f.clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(d.identitySlot().renewalWindowAt()).isEqualTo(d.identitySlot().expirationDate().minusSeconds(90));
        assertThat(d.identitySlot().events()).extracting(DeviceEvent::type).containsExactly("PROVISIONED");
        assertThat(f.ca.cert("0a1b").attachedDeviceId()).isEqualTo("dev-1");
        assertThat(f.eventTypes()).containsSubsequence("device.identity.update", "device.status.update");
    }

    @Test
    void walksThroughRenewalWindowAboutToExpireAndExpiredAsTheClockMoves() {
        f.ca.issue("01", Duration.ofMinutes(10));
        f.identities.updateIdentitySlot("dev-1", "01");
        Instant expiry = f.clock.instant().plus(Duration.ofMinutes(10));
        assertThat(f.job.runOnce(f.clock.instant())).isZero();

        f.clock.set(expiry.minusSeconds(91));
        assertThat(f.job.runOnce(f.clock.instant())).isZero();
        assertThat(status()).isEqualTo(DeviceStatus.ACTIVE);

        f.clock.set(expiry.minusSeconds(90));
        assertThat(f.job.runOnce(f.clock.instant())).isEqualTo(1);
        assertThat(status()).isEqualTo(DeviceStatus.RENEWAL_WINDOW);
        assertThat(f.devices.get("dev-1").identitySlot().status()).isEqualTo(DeviceStatus.RENEWAL_WINDOW);

        f.clock.set(expiry.minusSeconds(30));
        assertThat(f.job.runOnce(f.clock.instant())).isEqualTo(1);
        assertThat(status()).isEqualTo(DeviceStatus.ABOUT_TO_EXPIRE);

        f.clock.set(expiry);
        assertThat(f.job.runOnce(f.clock.instant())).isEqualTo(1);
        assertThat(status()).isEqualTo(DeviceStatus.EXPIRED);

        f.clock.advance(Duration.ofDays(400));
        assertThat(f.job.runOnce(f.clock.instant())).isZero();
        List<Map<String, Object>> updates = f.events("device.status.update");
        assertThat(updates).extracting(e -> (Object) ((Map<?, ?>) e.get("updated")).get("status"))
                .containsExactly("ACTIVE", "RENEWAL_WINDOW", "ABOUT_TO_EXPIRE", "EXPIRED");
        assertThat(updates.get(3)).extracting(e -> ((Map<?, ?>) e.get("previous")).get("status"))
                .isEqualTo("ABOUT_TO_EXPIRE");
        assertThat(f.devices.get("dev-1").events()).extracting(DeviceEvent::type)
                .containsExactly("CREATED", "STATUS-UPDATED", "STATUS-UPDATED", "STATUS-UPDATED", "STATUS-UPDATED");
    }

    @Test
    void aLateRunJumpsStraightToTheCurrentStatusWithOneTransition() {
        f.ca.issue("02", Duration.ofMinutes(10));
        f.identities.updateIdentitySlot("dev-1", "02");
        f.clock.advance(Duration.ofMinutes(9).plusSeconds(45));
        assertThat(f.job.runOnce(f.clock.instant())).isEqualTo(1);
        assertThat(status()).isEqualTo(DeviceStatus.ABOUT_TO_EXPIRE);
    }

    @Test
    void anIdleRunTouchesNothing() {
        f.ca.issue("03", Duration.ofDays(365));
        f.identities.updateIdentitySlot("dev-1", "03");
        long audits = f.count("SELECT COUNT(*) FROM audit_log");
        assertThat(f.job.runOnce(f.clock.instant().plusSeconds(60))).isZero();
        assertThat(f.count("SELECT COUNT(*) FROM audit_log")).isEqualTo(audits);
    }

    @Test
    void revocationByTheCaMakesTheDeviceRevokedAndHoldReleaseBringsItBack() {
        f.ca.issue("04", Duration.ofMinutes(10));
        f.identities.updateIdentitySlot("dev-1", "04");
        f.ca.setStatus("04", "REVOKED", "CertificateHold");
        assertThat(status()).isEqualTo(DeviceStatus.REVOKED);
        assertThat(f.job.runOnce(f.clock.instant().plus(Duration.ofMinutes(9)))).isZero();

        f.clock.advance(Duration.ofMinutes(9));
        f.ca.setStatus("04", "ACTIVE", "Unspecified");
        assertThat(status()).isEqualTo(DeviceStatus.RENEWAL_WINDOW);
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(f.job.runOnce(f.clock.instant())).isEqualTo(1);
        assertThat(status()).isEqualTo(DeviceStatus.EXPIRED);
    }

    @Test
    void expiryReportedByTheCaMakesTheDeviceExpired() {
        f.ca.issue("05", Duration.ofDays(30));
        f.identities.updateIdentitySlot("dev-1", "05");
        f.ca.setStatus("05", "EXPIRED", "Unspecified");
        assertThat(status()).isEqualTo(DeviceStatus.EXPIRED);
    }

    @Test
    void certificatesThatAreNobodysIdentityAreIgnored() {
        f.ca.issue("06", Duration.ofDays(30));
        f.ca.setStatus("06", "REVOKED", "KeyCompromise");
        assertThat(status()).isEqualTo(DeviceStatus.NO_IDENTITY);
    }

    @Test
    void newIdentityAddsAVersionAndRevokesThePreviousAsSuperseded() {
        f.ca.issue("07", Duration.ofMinutes(10));
        f.ca.issue("08", Duration.ofDays(30));
        f.identities.updateIdentitySlot("dev-1", "07");
        f.clock.advance(Duration.ofMinutes(9));
        f.job.runOnce(f.clock.instant());
        assertThat(status()).isEqualTo(DeviceStatus.RENEWAL_WINDOW);

        Device d = f.identities.updateIdentitySlot("dev-1", "08");
        assertThat(d.status()).isEqualTo(DeviceStatus.ACTIVE);
        assertThat(d.identitySlot().activeVersion()).isEqualTo(1);
        assertThat(d.identitySlot().versions()).containsEntry("0", "07").containsEntry("1", "08");
        assertThat(d.identitySlot().events()).extracting(DeviceEvent::type).containsExactly("PROVISIONED", "RE-PROVISIONED");
        assertThat(f.ca.cert("07").status()).isEqualTo("REVOKED");
        assertThat(f.ca.cert("07").revocationReason()).isEqualTo("Superseded");
        f.clock.advance(Duration.ofMinutes(2));
        assertThat(f.job.runOnce(f.clock.instant())).isZero();
        assertThat(status()).isEqualTo(DeviceStatus.ACTIVE);
    }

    @Test
    void rebindingAnExpiredDeviceMakesItActiveAgain() {
        f.ca.issue("09", Duration.ofMinutes(1));
        f.identities.updateIdentitySlot("dev-1", "09");
        f.clock.advance(Duration.ofMinutes(2));
        f.job.runOnce(f.clock.instant());
        assertThat(status()).isEqualTo(DeviceStatus.EXPIRED);
        f.ca.issue("0a", Duration.ofDays(1));
        assertThat(f.identities.updateIdentitySlot("dev-1", "0a").status()).isEqualTo(DeviceStatus.ACTIVE);
    }

    @Test
    void refusesMissingInactiveAndForeignCertificatesAndChangesNothing() {
        f.register("dev-2", "dms-1", List.of(), Map.of());
        f.ca.issue("10", Duration.ofDays(1));
        f.identities.updateIdentitySlot("dev-2", "10");
        f.ca.issue("11", Duration.ofDays(1));
        f.ca.setStatus("11", "REVOKED", "KeyCompromise");
        assertCode(() -> f.identities.updateIdentitySlot("dev-1", "ff"), "CERTIFICATE_NOT_FOUND", 404);
        assertCode(() -> f.identities.updateIdentitySlot("dev-1", "11"), "CERTIFICATE_NOT_ACTIVE", 409);
        assertCode(() -> f.identities.updateIdentitySlot("dev-1", "10"), "CERTIFICATE_BOUND_TO_OTHER_DEVICE", 409);
        assertCode(() -> f.identities.updateIdentitySlot("nope", "10"), "DEVICE_NOT_FOUND", 404);
        assertCode(() -> f.identities.updateIdentitySlot("dev-1", " "), "INVALID_SERIAL_NUMBER", 400);
        assertThat(f.devices.get("dev-1").identitySlot()).isNull();
        assertThat(status()).isEqualTo(DeviceStatus.NO_IDENTITY);
    }

    @Test
    void decommissionRevokesWithCessationOfOperationAndIsTerminal() {
        f.ca.issue("12", Duration.ofMinutes(10));
        f.identities.updateIdentitySlot("dev-1", "12");
        Device d = f.identities.decommission("dev-1");
        assertThat(d.status()).isEqualTo(DeviceStatus.DECOMMISSIONED);
        assertThat(d.identitySlot().status()).isEqualTo(DeviceStatus.REVOKED);
        assertThat(d.events()).extracting(DeviceEvent::type).contains("DECOMMISSIONED");
        assertThat(f.ca.cert("12").revocationReason()).isEqualTo("CessationOfOperation");
        assertCode(() -> f.identities.decommission("dev-1"), "DEVICE_ALREADY_DECOMMISSIONED", 409);
        f.ca.issue("13", Duration.ofDays(1));
        assertCode(() -> f.identities.updateIdentitySlot("dev-1", "13"), "DEVICE_DECOMMISSIONED", 409);
        f.clock.advance(Duration.ofMinutes(20));
        assertThat(f.job.runOnce(f.clock.instant())).isZero();
        assertThat(status()).isEqualTo(DeviceStatus.DECOMMISSIONED);
    }

    @Test
    void deleteNeedsDecommissionFirst() {
        assertCode(() -> f.devices.delete("dev-1"), "DEVICE_NOT_DECOMMISSIONED", 409);
        f.identities.decommission("dev-1");
        f.devices.delete("dev-1");
        assertCode(() -> f.devices.get("dev-1"), "DEVICE_NOT_FOUND", 404);
        assertThat(f.count("SELECT COUNT(*) FROM device_events WHERE device_id = 'dev-1'")).isZero();
        assertThat(f.eventTypes()).contains("device.delete");
        assertCode(() -> f.devices.delete("dev-1"), "DEVICE_NOT_FOUND", 404);
    }

    @Test
    void statusAliasesAreAcceptedAndUnknownStatusesRejected() {
        assertThat(DeviceStatus.parse("renewal_pending")).isEqualTo(DeviceStatus.RENEWAL_WINDOW);
        assertThat(DeviceStatus.parse("EXPIRING_SOON")).isEqualTo(DeviceStatus.ABOUT_TO_EXPIRE);
        assertCode(() -> DeviceStatus.parse("ALIVE"), "INVALID_DEVICE_STATUS", 400);
        assertThat(DeviceStatus.DECOMMISSIONED.canMoveTo(DeviceStatus.ACTIVE)).isFalse();
        assertThat(DeviceStatus.ACTIVE.canMoveTo(DeviceStatus.NO_IDENTITY)).isFalse();
    }

    public static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable r, String code, int status) {
        assertThatThrownBy(r).isInstanceOfSatisfying(LamassuException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.kind().httpStatus()).isEqualTo(status);
        });
    }
}
