package io.lamassu.alerts;

import io.lamassu.common.LamassuException;
import java.util.Locale;

/**
 * How a condition is written. Upstream also offers {@code JAVASCRIPT} (a function run by an
 * embedded interpreter); executing user-supplied code inside the PKI is not offered here, and
 * such a condition is refused with a 400 that says so.
 */
public enum ConditionType {
    JSON_PATH("JSON-PATH"), JSON_SCHEMA("JSON-SCHEMA");

    private final String wire;

    ConditionType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static ConditionType parse(String text) {
        if (text == null || text.isBlank()) {
            throw LamassuException.badRequest("MISSING_CONDITION_TYPE",
                    "condition type is required: JSON-PATH or JSON-SCHEMA");
        }
        String t = text.trim().toUpperCase(Locale.ROOT).replace('_', '-');
        if (t.equals("JAVASCRIPT") || t.equals("JS")) {
            throw LamassuException.badRequest("JAVASCRIPT_CONDITIONS_NOT_SUPPORTED",
                    "JAVASCRIPT conditions are not supported: running user-supplied code in the PKI is not offered;"
                            + " write the condition as JSON-PATH or JSON-SCHEMA");
        }
        for (ConditionType c : values()) {
            if (c.wire.equals(t) || c.wire.replace("-", "").equals(t)) {
                return c;
            }
        }
        throw LamassuException.badRequest("UNKNOWN_CONDITION_TYPE", "unknown condition type '"
                + ChannelType.clip(text) + "'; one of JSON-PATH, JSON-SCHEMA");
    }
}
