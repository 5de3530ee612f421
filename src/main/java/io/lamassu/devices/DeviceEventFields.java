package io.lamassu.devices;

import io.lamassu.common.LamassuException;
import io.lamassu.common.query.Field;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;
import java.util.Locale;

/**
 * Filterable fields of a device's history ({@code GET /devices/{id}/events}); the key is the event's
 * sequence number as fixed-width text (V890), so events of one timestamp keep their write order.
 */
public final class DeviceEventFields {
    public static final FieldSet FIELDS = FieldSet.builder("event_key")
            .add("timestamp", FieldType.DATE, "at")
            .add("type", FieldType.STRING, "type")
            .add(Field.of("scope", FieldType.ENUM, "scope", DeviceEventFields::scope))
            .add("device_id", FieldType.STRING, "device_id")
            .defaultSort("timestamp")
            .build();

    private DeviceEventFields() {
    }

    private static String scope(String v) {
        String u = v.toUpperCase(Locale.ROOT);
        if (!u.equals("DEVICE") && !u.equals("SLOT")) {
            throw LamassuException.badRequest("INVALID_FILTER_VALUE", "scope is DEVICE or SLOT, not '" + v + "'");
        }
        return u;
    }
}
