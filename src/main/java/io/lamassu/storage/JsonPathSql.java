package io.lamassu.storage;

import io.lamassu.common.query.JsonPathPredicate;
import io.lamassu.common.query.JsonPathPredicate.And;
import io.lamassu.common.query.JsonPathPredicate.Compare;
import io.lamassu.common.query.JsonPathPredicate.Exists;
import io.lamassu.common.query.JsonPathPredicate.Not;
import io.lamassu.common.query.JsonPathPredicate.Or;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * JSONPath predicates in SQL. PostgreSQL evaluates the canonical text natively with {@code @@}
 * (served by a jsonb_path_ops GIN index); SQLite gets an equivalent expression over json_extract
 * and json_type, comparing only values of the literal's JSON type as PostgreSQL does.
 */
final class JsonPathSql {
    private JsonPathSql() {
    }

    static String render(JsonPathPredicate p, Dialect d, String col, List<Object> params) {
        if (d == Dialect.POSTGRES) {
            params.add(p.text());
            return col + " @@ CAST(? AS jsonpath)";
        }
        return sqlite(p, col, params);
    }

    private static String sqlite(JsonPathPredicate p, String col, List<Object> params) {
        if (p instanceof Compare c) {
            return compare(c, col, params);
        }
        if (p instanceof Exists e) {
            params.add(e.path().text());
            return "json_type(" + col + ", ?) IS NOT NULL";
        }
        if (p instanceof Not n) {
            return "NOT (" + sqlite(n.inner(), col, params) + ")";
        }
        List<JsonPathPredicate> parts = p instanceof And a ? a.parts() : ((Or) p).parts();
        List<String> rendered = new ArrayList<>();
        for (JsonPathPredicate part : parts) {
            rendered.add(sqlite(part, col, params));
        }
        return "(" + String.join(p instanceof And ? " AND " : " OR ", rendered) + ")";
    }

    private static String compare(Compare c, String col, List<Object> params) {
        String path = c.path().text();
        Object lit = c.literal();
        if (lit == null || lit instanceof Boolean) {
            String type = lit == null ? "null" : lit.toString();
            params.add(path);
            String typed = "json_type(" + col + ", ?)";
            return switch (c.op()) {
                case EQ -> typed + " = '" + type + "'";
                case NE -> typed + " IN ('true', 'false', 'null') AND " + typedAgain(col, path, params) + " <> '" + type + "'";
                default -> "1 = 0";
            };
        }
        String types = lit instanceof BigDecimal ? "('integer', 'real')" : "('text')";
        params.add(path);
        params.add(path);
        // xerial binds BigDecimal as TEXT, and in SQLite every number sorts below every text value.
        params.add(lit instanceof BigDecimal b ? sqliteNumber(b) : lit);
        return "(json_type(" + col + ", ?) IN " + types + " AND json_extract(" + col + ", ?) "
                + c.op().symbol().replace("==", "=").replace("!=", "<>") + " ?)";
    }

    /** sqlite-jdbc binds BigDecimal as text, and json_extract values have no affinity to convert it. */
    private static Object sqliteNumber(BigDecimal b) {
        try {
            return b.stripTrailingZeros().scale() <= 0 ? (Object) b.longValueExact() : (Object) b.doubleValue();
        } catch (ArithmeticException e) {
            return b.doubleValue();
        }
    }

    private static String typedAgain(String col, String path, List<Object> params) {
        params.add(path);
        return "json_type(" + col + ", ?)";
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20) {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
