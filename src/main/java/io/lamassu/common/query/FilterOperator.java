package io.lamassu.common.query;

import io.lamassu.common.LamassuException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Filter operators with their short and long upstream names (upstream-notes §3.2). The same name
 * can mean different operators for different field types ({@code eq} on a date is a date equality),
 * so resolution always goes through {@link #resolve(FieldType, String, String)}.
 */
public enum FilterOperator {
    EQ(List.of("eq", "equal"), EnumSet.of(FieldType.STRING, FieldType.DATE, FieldType.NUMBER, FieldType.ENUM)),
    EQ_IC(List.of("eq_ic", "equal_ignorecase"), EnumSet.of(FieldType.STRING)),
    NE(List.of("ne", "notequal"), EnumSet.of(FieldType.STRING, FieldType.NUMBER, FieldType.ENUM)),
    NE_IC(List.of("ne_ic", "notequal_ignorecase"), EnumSet.of(FieldType.STRING)),
    CONTAINS(List.of("ct", "contains"), EnumSet.of(FieldType.STRING, FieldType.STRING_ARRAY)),
    CONTAINS_IC(List.of("ct_ic", "contains_ignorecase"), EnumSet.of(FieldType.STRING, FieldType.STRING_ARRAY)),
    NOT_CONTAINS(List.of("nc", "notcontains"), EnumSet.of(FieldType.STRING)),
    NOT_CONTAINS_IC(List.of("nc_ic", "notcontains_ignorecase"), EnumSet.of(FieldType.STRING)),
    IN(List.of("in"), EnumSet.of(FieldType.STRING, FieldType.ENUM)),
    IN_IC(List.of("in_ic"), EnumSet.of(FieldType.STRING)),
    NOT_IN(List.of("nin"), EnumSet.of(FieldType.STRING)),
    NOT_IN_IC(List.of("nin_ic"), EnumSet.of(FieldType.STRING)),
    BEFORE(List.of("bf", "before"), EnumSet.of(FieldType.DATE)),
    AFTER(List.of("af", "after"), EnumSet.of(FieldType.DATE)),
    LT(List.of("lt", "lessthan"), EnumSet.of(FieldType.NUMBER)),
    LE(List.of("le", "lessequal", "lessorequal"), EnumSet.of(FieldType.NUMBER)),
    GT(List.of("gt", "greaterthan"), EnumSet.of(FieldType.NUMBER)),
    GE(List.of("ge", "greaterequal", "greaterorequal"), EnumSet.of(FieldType.NUMBER)),
    JSONPATH(List.of("jsonpath"), EnumSet.of(FieldType.JSON));

    private final List<String> names;
    private final Set<FieldType> types;

    FilterOperator(List<String> names, Set<FieldType> types) {
        this.names = names;
        this.types = types;
    }

    public String shortName() {
        return names.get(0);
    }

    /** Upstream returns the long form for string-array operands in group criteria. */
    public String wireName(FieldType type) {
        return type == FieldType.STRING_ARRAY ? names.get(1) : names.get(0);
    }

    public boolean appliesTo(FieldType type) {
        return types.contains(type);
    }

    public static FilterOperator resolve(FieldType type, String field, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (FilterOperator op : values()) {
            if (op.names.contains(lower)) {
                if (!op.types.contains(type)) {
                    break;
                }
                return op;
            }
        }
        throw LamassuException.badRequest("INVALID_FILTER_OPERATOR",
                "invalid filter operator '" + name + "' for field '" + field + "' of type "
                        + type.name().toLowerCase(Locale.ROOT));
    }
}
