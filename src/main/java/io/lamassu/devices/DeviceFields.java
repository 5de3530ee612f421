package io.lamassu.devices;

import io.lamassu.common.query.Field;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;

/** Filterable device fields (upstream-notes §3.4); status values are normalised, so aliases work. */
public final class DeviceFields {
    public static final FieldSet FIELDS = FieldSet.builder("id")
            .add("id", FieldType.STRING, "id")
            .add("dms_owner", FieldType.STRING, "dms_owner")
            .add("creation_timestamp", FieldType.DATE, "creation_timestamp")
            .add(Field.of("status", FieldType.ENUM, "status", v -> DeviceStatus.parse(v).name()))
            .add("tags", FieldType.STRING_ARRAY, "tags")
            .add("metadata", FieldType.JSON, "metadata")
            .add("identity_slot", FieldType.JSON, "identity_slot")
            .defaultSort("creation_timestamp")
            .build();

    private DeviceFields() {
    }
}
