package io.lamassu.alerts;

import io.lamassu.common.Uuids;
import io.lamassu.common.json.Json;
import io.lamassu.events.CloudEvent;
import java.time.Instant;
import java.util.Map;

/** CloudEvents shaped like the ones the contexts publish, for matching tests. */
final class TestEvents {
    private TestEvents() {
    }

    static CloudEvent event(String type, String subject, Object data) {
        return new CloudEvent("1.0", Uuids.random(), "source://lamassu.io/ctx/source/service/lamassu", type, subject,
                Instant.parse("2026-12-01T10:00:00Z"), "application/json", "jwt", "alice", Json.write(data));
    }

    static CloudEvent deviceStatus(String id, String dms, String from, String to) {
        return event("device.status.update", "device/" + id, Map.of(
                "previous", Map.of("id", id, "dms_owner", dms, "status", from),
                "updated", Map.of("id", id, "dms_owner", dms, "status", to)));
    }

    static CloudEvent certificateStatus(String serial, String from, String to, String reason) {
        return event("certificate.status.update", "certificate/" + serial, Map.of(
                "previous", Map.of("serial_number", serial, "status", from, "revocation_reason", "Unspecified",
                        "subject", Map.of("common_name", "device-001")),
                "updated", Map.of("serial_number", serial, "status", to, "revocation_reason", reason,
                        "subject", Map.of("common_name", "device-001"))));
    }
}
