package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import io.lamassu.common.query.Field;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;
import java.util.Locale;

/** Filterable fields (upstream-notes §3.4) of certificates, CAs and issuance profiles, with their columns. */
public final class CaFields {
    public static final FieldSet CERTIFICATE = certificateFields(FieldSet.builder("serial_number")).build();
    public static final FieldSet CA = certificateFields(FieldSet.builder("id"))
            .add("id", FieldType.STRING, "id")
            .add("profile_id", FieldType.STRING, "profile_id")
            .add("level", FieldType.NUMBER, "level")
            .add("creation_ts", FieldType.DATE, "creation_ts")
            .build();
    public static final FieldSet PROFILE = FieldSet.builder("id")
            .add("id", FieldType.STRING, "id")
            .add("name", FieldType.STRING, "name")
            .defaultSort("id")
            .build();

    private CaFields() {
    }

    private static FieldSet.Builder certificateFields(FieldSet.Builder b) {
        return b.add(Field.of("type", FieldType.ENUM, "type", v -> enumValue(CertificateType.class, "type", v)))
                .add("serial_number", FieldType.STRING, "serial_number")
                .add("subject.common_name", FieldType.STRING, "subject_common_name")
                .add("subject_key_id", FieldType.STRING, "subject_key_id")
                .add("issuer_meta.id", FieldType.STRING, "issuer_meta_id")
                .add(Field.of("status", FieldType.ENUM, "status", v -> enumValue(CertificateStatus.class, "status", v)))
                .add("engine_id", FieldType.STRING, "engine_id")
                .add("valid_to", FieldType.DATE, "valid_to")
                .add("valid_from", FieldType.DATE, "valid_from")
                .add("revocation_timestamp", FieldType.DATE, "revocation_timestamp")
                .add(Field.of("revocation_reason", FieldType.ENUM, "revocation_reason", CaFields::reason))
                .add("metadata", FieldType.JSON, "metadata")
                .add("extensions.key_usage", FieldType.STRING_ARRAY, "key_usage")
                .add("extensions.extended_key_usage", FieldType.STRING_ARRAY, "extended_key_usage")
                .add(Field.of("is_ca", FieldType.ENUM, "is_ca", CaFields::bool))
                .defaultSort("valid_from");
    }

    private static <E extends Enum<E>> String enumValue(Class<E> type, String field, String v) {
        try {
            return Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw LamassuException.badRequest("INVALID_FILTER_VALUE", "unknown " + field + " '" + v + "'");
        }
    }

    /** Upstream stores the RFC 5280 code and filters by it; names are accepted too. */
    private static String reason(String v) {
        try {
            return RevocationReason.fromCode(Integer.parseInt(v.strip())).name();
        } catch (NumberFormatException e) {
            return RevocationReason.parse(v).name();
        } catch (IllegalArgumentException e) {
            throw LamassuException.badRequest("INVALID_FILTER_VALUE", "unknown revocation reason code '" + v + "'");
        }
    }

    private static String bool(String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
            throw LamassuException.badRequest("INVALID_FILTER_VALUE", "is_ca must be true or false");
        }
        return s;
    }
}
