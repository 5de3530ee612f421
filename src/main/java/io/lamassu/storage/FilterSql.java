package io.lamassu.storage;

import io.lamassu.common.LamassuException;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.FilterOperator;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Renders one filter as a SQL condition with bound parameters. Conventions every repository
 * follows: dates are BIGINT epoch milliseconds; string arrays and JSON are jsonb on PostgreSQL and
 * JSON text on SQLite. Case-insensitive operators fold ASCII letters only, on both databases
 * (SQLite's LOWER does no more; on PostgreSQL LOWER under the C collation does the same).
 */
final class FilterSql {
    /** Dates outside years 1..9999 are refused: their epoch milliseconds could overflow. */
    private static final Instant MIN_DATE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_DATE = Instant.parse("9999-12-31T23:59:59.999Z");
    /** Numbers beyond this are refused rather than compared differently by the two databases. */
    private static final BigDecimal MAX_NUMBER = new BigDecimal("1e18");

    private FilterSql() {
    }

    static String render(Filter f, Dialect d, List<Object> params) {
        String col = f.field().column();
        return switch (f.field().type()) {
            case STRING, ENUM -> string(f, d, col, params);
            case STRING_ARRAY -> array(f, d, col, params);
            case DATE -> date(f, col, params);
            case NUMBER -> number(f, d, col, params);
            case JSON -> JsonPathSql.render(f.jsonPath(), d, col, params);
        };
    }

    private static String string(Filter f, Dialect d, String col, List<Object> params) {
        String v = f.value();
        FilterOperator op = f.operator();
        switch (op) {
            case IN, IN_IC, NOT_IN, NOT_IN_IC:
                return in(op, d, col, v, params);
            case CONTAINS, CONTAINS_IC, NOT_CONTAINS, NOT_CONTAINS_IC:
                return contains(op, d, col, v, params);
            default:
                break;
        }
        params.add(v);
        return switch (op) {
            case EQ -> col + " = ?";
            case EQ_IC -> lower(d, col) + " = " + lower(d, "?");
            case NE -> col + " <> ?";
            case NE_IC -> lower(d, col) + " <> " + lower(d, "?");
            default -> throw new IllegalStateException(op.name());
        };
    }

    /** ASCII-only case folding on both databases. */
    private static String lower(Dialect d, String expr) {
        return d == Dialect.POSTGRES ? "LOWER(CAST(" + expr + " AS TEXT) COLLATE \"C\")" : "LOWER(" + expr + ")";
    }

    private static String contains(FilterOperator op, Dialect d, String col, String v, List<Object> params) {
        boolean ic = op == FilterOperator.CONTAINS_IC || op == FilterOperator.NOT_CONTAINS_IC;
        boolean negate = op == FilterOperator.NOT_CONTAINS || op == FilterOperator.NOT_CONTAINS_IC;
        String fn = d == Dialect.POSTGRES ? "strpos" : "instr";
        String expr = ic ? fn + "(" + lower(d, col) + ", " + lower(d, "?") + ") > 0" : fn + "(" + col + ", ?) > 0";
        params.add(v);
        return negate ? "NOT (" + expr + ")" : expr;
    }

    /** An empty list (upstream: "no filter") selects every row, for in and nin alike. */
    private static String in(FilterOperator op, Dialect d, String col, String v, List<Object> params) {
        List<String> items = v.isEmpty() ? List.of() : Arrays.asList(v.split(",", -1));
        if (items.isEmpty()) {
            return "1 = 1";
        }
        boolean ic = op == FilterOperator.IN_IC || op == FilterOperator.NOT_IN_IC;
        boolean negate = op == FilterOperator.NOT_IN || op == FilterOperator.NOT_IN_IC;
        StringBuilder sb = new StringBuilder(ic ? lower(d, col) : col);
        sb.append(negate ? " NOT IN (" : " IN (");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(ic ? lower(d, "?") : "?");
            params.add(items.get(i));
        }
        return sb.append(')').toString();
    }

    /** Only string elements count, on both databases (json_each would also yield numbers and nested JSON). */
    private static String array(Filter f, Dialect d, String col, List<Object> params) {
        boolean ic = f.operator() == FilterOperator.CONTAINS_IC;
        if (d == Dialect.POSTGRES && !ic) {
            params.add("[" + JsonPathSql.jsonString(f.value()) + "]");
            return col + " @> CAST(? AS jsonb)";
        }
        params.add(f.value());
        if (d == Dialect.POSTGRES) {
            return "EXISTS (SELECT 1 FROM jsonb_array_elements(" + col + ") e(v) WHERE jsonb_typeof(e.v) = 'string'"
                    + " AND " + lower(d, "e.v #>> '{}'") + " = " + lower(d, "?") + ")";
        }
        String value = ic ? lower(d, "e.value") + " = " + lower(d, "?") : "e.value = ?";
        return "EXISTS (SELECT 1 FROM json_each(" + col + ") e WHERE e.type = 'text' AND " + value + ")";
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
            Instant[] range;
            if (v.length() == 10) {
                Instant start = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
                range = new Instant[] {start, start.plusSeconds(86400)};
            } else {
                Instant at = OffsetDateTime.parse(v).toInstant();
                range = new Instant[] {at, at.plusMillis(1)};
            }
            if (range[0].isBefore(MIN_DATE) || range[0].isAfter(MAX_DATE)) {
                throw new DateTimeException("out of range");
            }
            return range;
        } catch (DateTimeException | ArithmeticException e) {
            throw LamassuException.badRequest("INVALID_FILTER_VALUE", "invalid date '" + v + "' for field '" + field
                    + "' (use 2026-01-31 or RFC 3339, years 0001 to 9999)");
        }
    }

    private static String number(Filter f, Dialect d, String col, List<Object> params) {
        params.add(SortNumbers.bind(parseNumber(f), d));
        return col + switch (f.operator()) {
            case EQ -> " = ?";
            case NE -> " <> ?";
            case LT -> " < ?";
            case LE -> " <= ?";
            case GT -> " > ?";
            default -> " >= ?";
        };
    }

    private static BigDecimal parseNumber(Filter f) {
        String v = f.value().trim();
        try {
            BigDecimal b = v.length() > 40 ? null : new BigDecimal(v);
            if (b != null && b.abs().compareTo(MAX_NUMBER) < 0 && b.scale() <= 18) {
                return b;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LamassuException.badRequest("INVALID_FILTER_VALUE", "invalid number '" + f.value() + "' for field '"
                + f.field().name() + "' (a decimal number below 1e18 in magnitude)");
    }
}
