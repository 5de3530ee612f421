package io.lamassu.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the lifecycle job drains due devices with two workers (SKIP LOCKED claims): every
 * device moves exactly once, with exactly one device event and one {@code device.status.update},
 * and the trigger-kept status and tag counts stay equal to the rows.
 */
class PostgresLifecycleWorkersTest {
    static final int DEVICES = 2 * DeviceLifecycleJob.BATCH + 350;
    DevicesFixture f;

    @BeforeEach
    void setUp() {
        f = DevicesFixture.postgres();
        f.createDms("dms-1", DeviceLifecycleTest.SETTINGS);
    }

    @AfterEach
    void tearDown() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void everyDueDeviceMovesExactlyOnceWithItsEvents() {
        Instant now = f.clock.instant();
        Instant expiry = now.plus(Duration.ofMinutes(10));
        f.jdbc.tx().run(() -> {
            for (int i = 0; i < DEVICES; i++) {
                Device d = new Device(String.format("d-%05d", i), "dms-1", DeviceStatus.ACTIVE, now.plusMillis(i),
                        i % 2 == 0 ? List.of("sensor") : List.of("sensor", "floor-1"), Map.of(), new IdentitySlot(
                        DeviceStatus.ACTIVE, 0, "x509", Map.of("0", "s" + i), "s" + i, expiry, expiry.minusSeconds(90),
                        expiry.minusSeconds(30), List.of()), List.of());
                f.deviceRepo.insert(d);
                f.deviceRepo.update(d, DeviceLifecycle.nextCheck(d));
            }
        });
        assertThat(f.job.runOnce(expiry.minusSeconds(60))).isEqualTo(DEVICES);

        assertThat(f.count("SELECT COUNT(*) FROM device_state WHERE status = 'RENEWAL_WINDOW'")).isEqualTo(DEVICES);
        assertThat(f.count("SELECT COUNT(DISTINCT device_id) FROM device_events WHERE type = 'STATUS-UPDATED'"))
                .isEqualTo(DEVICES);
        assertThat(f.count("SELECT COUNT(*) FROM device_events")).isEqualTo(DEVICES);
        assertThat(f.count("SELECT COUNT(DISTINCT subject) FROM event_outbox WHERE type = 'device.status.update'"))
                .isEqualTo(DEVICES);
        assertThat(f.count("SELECT COUNT(*) FROM event_outbox WHERE type = 'device.status.update'")).isEqualTo(DEVICES);
        assertThat(f.devices.stats(List.of()).statusDistribution()).containsEntry(DeviceStatus.RENEWAL_WINDOW,
                (long) DEVICES).containsEntry(DeviceStatus.ACTIVE, 0L);
        var floor1 = io.lamassu.common.query.QueryParser.parseFilters(List.of("tags[contains]floor-1"),
                DeviceFields.FIELDS);
        assertThat(f.devices.stats(floor1).statusDistribution()).containsEntry(DeviceStatus.RENEWAL_WINDOW,
                (long) DEVICES / 2).containsEntry(DeviceStatus.ACTIVE, 0L);
        assertThat(f.devices.get("d-00001").identitySlot().status()).isEqualTo(DeviceStatus.RENEWAL_WINDOW);
        assertThat(f.job.runOnce(expiry.minusSeconds(60))).isZero();
        // device_events has no foreign key on PostgreSQL (V402): no event may lack its device.
        assertThat(f.count("SELECT COUNT(*) FROM device_events e WHERE NOT EXISTS"
                + " (SELECT 1 FROM device_state s WHERE s.id = e.device_id)")).isZero();
    }
}
