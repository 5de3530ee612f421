package io.lamassu.alerts.channels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventSummaryTest {
    static EventSummary of(String type, String subject, String data) {
        return EventSummary.of("{\"id\":\"e\",\"type\":\"" + type + "\",\"subject\":\"" + subject
                + "\",\"time\":\"2026-12-01T10:00:00Z\",\"authid\":\"\",\"data\":" + data + "}");
    }

    @Test
    void namesWhatTheEventIsAboutAndWhatHappened() {
        assertThat(of("ca.status.update", "ca/plant-root", "{\"previous\":{\"certificate\":{\"status\":\"ACTIVE\","
                + "\"subject\":{\"common_name\":\"Plant Root\"}}},\"updated\":{\"certificate\":{\"status\":\"REVOKED\","
                + "\"revocation_reason\":\"KeyCompromise\",\"subject\":{\"common_name\":\"Plant Root\"}}}}").headline())
                .isEqualTo("CA plant-root (CN=Plant Root) changed status from ACTIVE to REVOKED (reason: KeyCompromise)");
        assertThat(of("device.create", "device/d-1", "{\"id\":\"d-1\",\"dms_owner\":\"line-2\",\"status\":"
                + "\"NO_IDENTITY\"}").headline()).isEqualTo("Device d-1 (DMS line-2) was created");
        assertThat(of("ca.sign.certificate", "certificate/0a", "{\"serial_number\":\"0a\",\"subject\":{\"common_name\":"
                + "\"device-1\"}}").headline()).isEqualTo("Certificate 0a (CN=device-1) was issued");
        assertThat(of("dms.delete", "dms/x", "{\"id\":\"x\"}").headline()).isEqualTo("DMS x was deleted");
        assertThat(of("kms.sign", "kms/k", "{\"signature\":\"AA==\"}").headline()).isEqualTo("Key k had event kms.sign");
        assertThat(of("device.metadata.update", "device/d-1", "{\"previous\":{},\"updated\":{}}").facts())
                .containsEntry("By", "system").containsEntry("Event", "device.metadata.update");
    }
}
