package io.lamassu.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.common.query.JsonPathPredicate;
import io.lamassu.common.query.JsonPathPredicate.And;
import io.lamassu.common.query.JsonPathPredicate.Compare;
import io.lamassu.common.query.JsonPathPredicate.Exists;
import io.lamassu.common.query.JsonPathPredicate.Not;
import io.lamassu.common.query.JsonPathPredicate.Or;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The list semantics of ADR 0005 written plainly in Java: the reference both databases are
 * compared with, row for row, by the property tests.
 */
final class QueryModel {
    /** A row of the property tests' table: nullable text and number columns, a nullable JSON document. */
    record Row(String id, String s, Long n, JsonNode m) {
    }

    static final Comparator<String> CODE_POINT = (a, b) -> Arrays.compare(a.codePoints().toArray(),
            b.codePoints().toArray());

    private QueryModel() {
    }

    // ---- JSONPath filters: strict paths, typed comparisons, two-valued logic ----

    static boolean matches(JsonNode doc, JsonPathPredicate p) {
        if (p instanceof Not n) {
            return !matches(doc, n.inner());
        }
        if (p instanceof And a) {
            return a.parts().stream().allMatch(q -> matches(doc, q));
        }
        if (p instanceof Or o) {
            return o.parts().stream().anyMatch(q -> matches(doc, q));
        }
        if (p instanceof Exists e) {
            return resolve(doc, e.path()).isPresent();
        }
        Compare c = (Compare) p;
        return resolve(doc, c.path()).map(v -> compare(v, c)).orElse(false);
    }

    static Optional<JsonNode> resolve(JsonNode doc, JsonPathPredicate.Path path) {
        JsonNode at = doc;
        for (Object step : path.steps()) {
            if (at == null) {
                return Optional.empty();
            }
            if (step instanceof Integer i) {
                at = at.isArray() && i < at.size() ? at.get(i) : null;
            } else {
                at = at.isObject() ? at.get((String) step) : null;
            }
        }
        return Optional.ofNullable(at);
    }

    private static boolean compare(JsonNode v, Compare c) {
        Object lit = c.literal();
        if (lit == null) {
            return c.op() == JsonPathPredicate.Comparison.EQ ? v.isNull() : !v.isNull();
        }
        Integer cmp = null;
        if (lit instanceof Boolean b && v.isBoolean()) {
            cmp = Boolean.compare(v.booleanValue(), b);
        } else if (lit instanceof BigDecimal d && v.isNumber()) {
            cmp = v.decimalValue().compareTo(d);
        } else if (lit instanceof String s && v.isTextual()) {
            cmp = CODE_POINT.compare(v.textValue(), s);
        }
        if (cmp == null) {
            return false;
        }
        return switch (c.op()) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
        };
    }

    // ---- column filters: SQL semantics, a NULL column matches no operator ----

    static boolean matchesColumn(Row r, String field, String op, String value) {
        if (field.equals("n")) {
            BigDecimal v = new BigDecimal(value);
            if (r.n() == null) {
                return false;
            }
            int cmp = BigDecimal.valueOf(r.n()).compareTo(v);
            return switch (op) {
                case "eq" -> cmp == 0;
                case "ne" -> cmp != 0;
                case "lt" -> cmp < 0;
                case "le" -> cmp <= 0;
                case "gt" -> cmp > 0;
                default -> cmp >= 0;
            };
        }
        List<String> items = Arrays.stream(value.split(",")).filter(x -> !x.isBlank()).map(String::trim).toList();
        if (op.startsWith("in") || op.startsWith("nin")) {
            if (items.isEmpty()) {
                return true;
            }
            if (r.s() == null) {
                return false;
            }
            boolean ic = op.endsWith("_ic");
            boolean in = items.stream().anyMatch(i -> ic ? ascii(i).equals(ascii(r.s())) : i.equals(r.s()));
            return op.startsWith("in") == in;
        }
        if (r.s() == null) {
            return false;
        }
        String s = r.s();
        return switch (op) {
            case "eq" -> s.equals(value);
            case "ne" -> !s.equals(value);
            case "eq_ic" -> ascii(s).equals(ascii(value));
            case "ne_ic" -> !ascii(s).equals(ascii(value));
            case "ct" -> s.contains(value);
            case "ct_ic" -> ascii(s).contains(ascii(value));
            case "nc" -> !s.contains(value);
            default -> !ascii(s).contains(ascii(value));
        };
    }

    /** Case folding of ASCII letters only, as both databases do it. */
    static String ascii(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.appendCodePoint(c >= 'A' && c <= 'Z' ? c + 32 : c));
        return sb.toString();
    }

    // ---- sorting: values by (rank, value, key), then the null segment by key; desc is the reverse ----

    static List<String> sorted(List<Row> rows, String sortBy, boolean desc) {
        Function<Row, Object[]> key = sortKey(sortBy);
        Comparator<Row> byId = Comparator.comparing(Row::id, CODE_POINT);
        List<Row> values = new ArrayList<>(rows.stream().filter(r -> key.apply(r) != null).toList());
        values.sort(Comparator.<Row, Object[]>comparing(key, QueryModel::compareKeys).thenComparing(byId));
        List<Row> nulls = new ArrayList<>(rows.stream().filter(r -> key.apply(r) == null).toList());
        nulls.sort(byId);
        List<String> out = new ArrayList<>(values.stream().map(Row::id).toList());
        out.addAll(nulls.stream().map(Row::id).toList());
        if (desc) {
            java.util.Collections.reverse(out);
        }
        return out;
    }

    /** {rank, value} of a row, or null for the null segment. */
    private static Function<Row, Object[]> sortKey(String sortBy) {
        switch (sortBy) {
            case "id":
                return r -> new Object[] {0, r.id()};
            case "s":
                return r -> r.s() == null ? null : new Object[] {0, r.s()};
            case "n":
                return r -> r.n() == null ? null : new Object[] {0, BigDecimal.valueOf(r.n())};
            default:
                JsonPathPredicate.Path path = ((Exists) JsonPathPredicate.parse(
                        "exists(" + sortBy.substring(sortBy.indexOf(']') + 1) + ")")).path();
                return r -> jsonKey(r.m() == null ? Optional.empty() : resolve(r.m(), path));
        }
    }

    private static Object[] jsonKey(Optional<JsonNode> found) {
        if (found.isEmpty() || found.get().isNull()) {
            return null;
        }
        JsonNode v = found.get();
        if (v.isNumber()) {
            return new Object[] {0, v.decimalValue()};
        }
        if (v.isTextual()) {
            return new Object[] {1, v.textValue()};
        }
        if (v.isBoolean()) {
            return new Object[] {2, Boolean.toString(v.booleanValue())};
        }
        return new Object[] {3, ""};
    }

    private static int compareKeys(Object[] a, Object[] b) {
        int rank = Integer.compare((Integer) a[0], (Integer) b[0]);
        if (rank != 0) {
            return rank;
        }
        if (a[1] instanceof BigDecimal x) {
            return x.compareTo((BigDecimal) b[1]);
        }
        return CODE_POINT.compare((String) a[1], (String) b[1]);
    }
}
