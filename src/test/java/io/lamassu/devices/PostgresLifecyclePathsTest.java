package io.lamassu.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.common.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The set-based PostgreSQL lifecycle path writes exactly what the Java path writes: the same state
 * rows, device events and outbox rows (payloads compared as JSON trees: consumers parse them, and
 * the database renders whitespace and key order differently). Two databases get the same devices;
 * one job runs each path.
 */
class PostgresLifecyclePathsTest {
    DevicesFixture inSql;
    DevicesFixture inJava;

    @BeforeEach
    void setUp() {
        inSql = DevicesFixture.postgres();
        inJava = DevicesFixture.postgres();
    }

    @AfterEach
    void tearDown() {
        for (DevicesFixture f : new DevicesFixture[] {inSql, inJava}) {
            if (f != null) {
                f.close();
            }
        }
    }

    @Test
    void bothPathsWriteTheSameRowsAndPayloads() {
        Instant t0 = inSql.clock.instant();
        Instant expiry = t0.plus(Duration.ofMinutes(10)).plusMillis(250);
        for (DevicesFixture f : List.of(inSql, inJava)) {
            f.createDms("dms-1", DeviceLifecycleTest.SETTINGS);
            seed(f, t0, expiry);
        }
        for (Instant at : List.of(expiry.minusSeconds(90), expiry.minusSeconds(30).minusMillis(1), expiry.minusSeconds(30),
                expiry, expiry.plusSeconds(5))) {
            assertThat(inSql.job.runOnce(at)).isEqualTo(inJava.javaPathJob().runOnce(at));
            assertSameRows();
        }
        // 4 at the renewal window (two regular, two late), 1 late expiry, 2 + 2 for the regular ones.
        assertThat(inSql.count("SELECT COUNT(*) FROM event_outbox WHERE type = 'device.status.update'")).isEqualTo(9);
    }

    /** Devices covering every branch: each threshold reached, late runs, unchanged statuses, no slot. */
    private static void seed(DevicesFixture f, Instant t0, Instant expiry) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("location", "floor \"3\" ü\n");
        meta.put("nested", Map.of("a", List.of(1, 2.5, true), "b", Map.of()));
        meta.put("none", null);
        meta.put("rank", 12345678901L);
        f.jdbc.tx().run(() -> {
            // ACTIVE, due at its renewal window; creation time with and without milliseconds.
            put(f, "a-ms", DeviceStatus.ACTIVE, t0.plusMillis(7), List.of("sensor", "q\"t"), meta, slot(expiry), null);
            put(f, "a-s", DeviceStatus.ACTIVE, t0, List.of(), Map.of(), slot(expiry), null);
            // A late run: ACTIVE straight to ABOUT_TO_EXPIRE, and to EXPIRED.
            put(f, "late-ate", DeviceStatus.ACTIVE, t0, List.of("x"), meta, slot(expiry.minusSeconds(60)), null);
            put(f, "late-exp", DeviceStatus.ACTIVE, t0, List.of("x"), meta, slot(expiry.minusSeconds(120)), null);
            // Scheduled too early (a stale next_transition_at): claimed, keeps its status, gets a new schedule.
            put(f, "early", DeviceStatus.ACTIVE, t0, List.of(), Map.of(), slot(expiry.plusSeconds(3600)),
                    expiry.minusSeconds(91));
            // Not time-driven but scheduled: claimed, unchanged, unscheduled.
            put(f, "revoked", DeviceStatus.REVOKED, t0, List.of(), Map.of(), slot(expiry), expiry.minusSeconds(91));
            put(f, "no-slot", DeviceStatus.NO_IDENTITY, t0, List.of(), Map.of(), null, expiry.minusSeconds(91));
        });
    }

    private static void put(DevicesFixture f, String id, DeviceStatus status, Instant created, List<String> tags,
                            Map<String, Object> meta, IdentitySlot slot, Instant next) {
        IdentitySlot own = slot == null ? null : new IdentitySlot(status, 0, "x509", Map.of("0", id), id,
                slot.expirationDate(), slot.renewalWindowAt(), slot.aboutToExpireAt(), List.of());
        Device d = new Device(id, "dms-1", status, created, tags, meta, own, List.of());
        f.deviceRepo.insert(d);
        f.deviceRepo.update(d, next != null ? next : DeviceLifecycle.nextCheck(d));
    }

    private static IdentitySlot slot(Instant expiry) {
        return new IdentitySlot(DeviceStatus.ACTIVE, 0, "x509", Map.of(), null, expiry,
                expiry.minusSeconds(90), expiry.minusSeconds(30), List.of());
    }

    private void assertSameRows() {
        for (String sql : List.of(
                "SELECT id, status, next_transition_at FROM device_state ORDER BY id",
                "SELECT device_id, scope, at, type, description FROM device_events ORDER BY device_id, seq",
                "SELECT dms_owner, status, SUM(n) FROM device_status_counts GROUP BY 1, 2 HAVING SUM(n) <> 0 ORDER BY 1, 2",
                "SELECT tag, status, SUM(n) FROM device_tag_counts GROUP BY 1, 2 HAVING SUM(n) <> 0 ORDER BY 1, 2",
                "SELECT type, source, subject, created_at, auth_type, auth_id FROM event_outbox ORDER BY subject, id")) {
            assertThat(rows(inSql, sql)).as(sql).isEqualTo(rows(inJava, sql));
        }
        assertThat(payloads(inSql)).isEqualTo(payloads(inJava));
    }

    private static List<List<Object>> rows(DevicesFixture f, String sql) {
        return f.jdbc.query(sql, rs -> {
            List<Object> row = new java.util.ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getObject(i));
            }
            return row;
        });
    }

    private static List<JsonNode> payloads(DevicesFixture f) {
        // Within a batch, devices due at the same instant may come in either order: compare per subject.
        return f.jdbc.query("SELECT data FROM event_outbox ORDER BY subject, id", rs -> tree(rs.getString(1)));
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
