package io.lamassu.storage;

import io.lamassu.common.LamassuException;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.FilterOperator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Renders one filter as a SQL condition with bound parameters. Conventions every repository
 * follows: dates are BIGINT epoch milliseconds; string arrays and JSON are jsonb on PostgreSQL and
 * JSON text on SQLite.
 */
final class FilterSql {
    private FilterSql() {
    }

    static String render(Filter f, Dialect d, List<Object> params) {
        String col = f.field().column();
        return switch (f.field().type()) {
            case STRING, ENUM -> string(f, d, col, params);
            case STRING_ARRAY -> array(f, d, col, params);
            case DATE -> date(f, col, params);
            case NUMBER -> number(f, col, params);
            case JSON -> JsonPathSql.render(f.jsonPath(), d, col, params);
        };
    }

    private static String string(Filter f, Dialect d, String col, List<Object> params) {
        String v = f.value();
        FilterOperator op = f.operator();
        switch (op) {
            case IN, IN_IC, NOT_IN, NOT_IN_IC:
                return in(op, col, v, params);
            case CONTAINS, CONTAINS_IC, NOT_CONTAINS, NOT_CONTAINS_IC:
                return contains(op, d, col, v, params);
            default:
                break;
        }
        params.add(v);
        return switch (op) {
            case EQ -> col + " = ?";
            case EQ_IC -> "LOWER(" + col + ") = LOWER(?)";
            case NE -> col + " <> ?";
            case NE_IC -> "LOWER(" + col + ") <> LOWER(?)";
            default -> throw new IllegalStateException(op.name());
        };
    }

    private static String contains(FilterOperator op, Dialect d, String col, String v, List<Object> params) {
        boolean ic = op == FilterOperator.CONTAINS_IC || op == FilterOperator.NOT_CONTAINS_IC;
        boolean negate = op == FilterOperator.NOT_CONTAINS || op == FilterOperator.NOT_CONTAINS_IC;
        String fn = d == Dialect.POSTGRES ? "strpos" : "instr";
        String expr = ic ? fn + "(LOWER(" + col + "), LOWER(?)) > 0" : fn + "(" + col + ", ?) > 0";
        params.add(v);
        return negate ? "NOT (" + expr + ")" : expr;
    }

    private static String in(FilterOperator op, String col, String v, List<Object> params) {
        List<String> items = v.isEmpty() ? List.of() : Arrays.asList(v.split(","));
        if (items.isEmpty()) {
            return "1 = 1";
        }
        boolean ic = op == FilterOperator.IN_IC || op == FilterOperator.NOT_IN_IC;
        boolean negate = op == FilterOperator.NOT_IN || op == FilterOperator.NOT_IN_IC;
        StringBuilder sb = new StringBuilder(ic ? "LOWER(" + col + ")" : col);
        sb.append(negate ? " NOT IN (" : " IN (");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "?" : ", ?");
            params.add(ic ? items.get(i).toLowerCase(Locale.ROOT) : items.get(i));
        }
        return sb.append(')').toString();
    }

    private static String array(Filter f, Dialect d, String col, List<Object> params) {
        boolean ic = f.operator() == FilterOperator.CONTAINS_IC;
        if (d == Dialect.POSTGRES && !ic) {
            params.add("[" + JsonPathSql.jsonString(f.value()) + "]");
            return col + " @> CAST(? AS jsonb)";
        }
        params.add(ic ? f.value().toLowerCase(Locale.ROOT) : f.value());
        String elements = d == Dialect.POSTGRES
                ? "SELECT 1 FROM jsonb_array_elements_text(" + col + ") e(value)"
                : "SELECT 1 FROM json_each(" + col + ")";
        return "EXISTS (" + elements + " WHERE " + (ic ? "LOWER(value)" : "value") + " = ?)";
    }

    private static String date(Filter f, String col, List<Object> params) {
        Instant[] range = parseDate(f.field().name(), f.value());
        switch (f.operator()) {
            case BEFORE -> {
                params.add(range[0].toEpochMilli());
                return col + " < ?";
            }
            case AFTER -> {
                params.add(range[0].toEpochMilli());
                return col + " > ?";
            }
            default -> {
                params.add(range[0].toEpochMilli());
                params.add(range[1].toEpochMilli());
                return "(" + col + " >= ? AND " + col + " < ?)";
            }
        }
    }

    /** A date alone means that whole UTC day for equality and its midnight for before/after. */
    static Instant[] parseDate(String field, String v) {
        try {
            if (v.length() == 10) {
                Instant start = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
                return new Instant[] {start, start.plusSeconds(86400)};
            }
            Instant at = OffsetDateTime.parse(v).toInstant();
            return new Instant[] {at, at.plusMillis(1)};
        } catch (DateTimeParseException e) {
            throw LamassuException.badRequest("INVALID_FILTER_VALUE",
                    "invalid date '" + v + "' for field '" + field + "' (use 2026-01-31 or RFC 3339)");
        }
    }

    private static String number(Filter f, String col, List<Object> params) {
        try {
            params.add(new BigDecimal(f.value().trim()));
        } catch (NumberFormatException e) {
            throw LamassuException.badRequest("INVALID_FILTER_VALUE",
                    "invalid number '" + f.value() + "' for field '" + f.field().name() + "'");
        }
        return col + switch (f.operator()) {
            case EQ -> " = ?";
            case NE -> " <> ?";
            case LT -> " < ?";
            case LE -> " <= ?";
            case GT -> " > ?";
            default -> " >= ?";
        };
    }
}
