package io.lamassu.kms;

import io.lamassu.common.LamassuException;
import io.lamassu.common.query.Field;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;
import java.util.Locale;

/** Filterable and sortable key fields (upstream-notes §3.4, KMS key). */
public final class KeyFields {
    public static final FieldSet FIELDS = FieldSet.builder("key_id")
            .add("key_id", FieldType.STRING, "key_id")
            .add("engine_id", FieldType.STRING, "engine_id")
            .add("algorithm", FieldType.STRING, "algorithm")
            .add("name", FieldType.STRING, "name")
            .add("public_key", FieldType.STRING, "public_key")
            .add(Field.of("has_private_key", FieldType.ENUM, "has_private_key", KeyFields::bool))
            .add("size", FieldType.NUMBER, "size")
            .add("creation_ts", FieldType.DATE, "creation_ts")
            .add("tags", FieldType.STRING_ARRAY, "tags")
            .add("metadata", FieldType.JSON, "metadata")
            .defaultSort("creation_ts")
            .build();

    private KeyFields() {
    }

    private static String bool(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return s;
        }
        throw LamassuException.badRequest("INVALID_FILTER_VALUE", "has_private_key must be true or false");
    }
}
