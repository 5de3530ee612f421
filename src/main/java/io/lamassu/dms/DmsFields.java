package io.lamassu.dms;

import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;

/** Filterable DMS fields (upstream-notes §3.4; {@code creation_date} filters the {@code creation_ts} column). */
public final class DmsFields {
    public static final FieldSet FIELDS = FieldSet.builder("id")
            .add("id", FieldType.STRING, "id")
            .add("name", FieldType.STRING, "name")
            .add("creation_date", FieldType.DATE, "creation_ts")
            .add("metadata", FieldType.JSON, "metadata")
            .add("settings", FieldType.JSON, "settings")
            .defaultSort("creation_date")
            .build();

    private DmsFields() {
    }
}
