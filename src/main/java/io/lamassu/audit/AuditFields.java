package io.lamassu.audit;

import io.lamassu.common.LamassuException;
import io.lamassu.common.query.Field;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;
import java.util.Locale;

/** Filterable and sortable audit record fields; the key is the record id as fixed-width text (V890). */
public final class AuditFields {
    public static final FieldSet FIELDS = FieldSet.builder("record_key")
            .add("timestamp", FieldType.DATE, "at")
            .add("actor", FieldType.STRING, "actor_id")
            .add("actor_type", FieldType.STRING, "actor_type")
            .add("action", FieldType.STRING, "action")
            .add("resource_type", FieldType.STRING, "object_type")
            .add("resource_id", FieldType.STRING, "object_id")
            .add(Field.of("outcome", FieldType.ENUM, "outcome", AuditFields::outcome))
            .add("request_id", FieldType.STRING, "request_id")
            .defaultSort("timestamp")
            .build();

    private AuditFields() {
    }

    private static String outcome(String v) {
        String u = v.toUpperCase(Locale.ROOT);
        if (!u.equals("SUCCESS") && !u.equals("FAILURE")) {
            throw LamassuException.badRequest("INVALID_FILTER_VALUE", "outcome is SUCCESS or FAILURE, not '" + v + "'");
        }
        return u;
    }
}
