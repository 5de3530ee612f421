package io.lamassu.storage;

import io.lamassu.common.query.JsonPathPredicate;
import io.lamassu.common.query.JsonPathPredicate.And;
import io.lamassu.common.query.JsonPathPredicate.Compare;
import io.lamassu.common.query.JsonPathPredicate.Comparison;
import io.lamassu.common.query.JsonPathPredicate.Exists;
import io.lamassu.common.query.JsonPathPredicate.Not;
import io.lamassu.common.query.JsonPathPredicate.Or;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * JSONPath predicates in SQL, with one meaning on both databases (ADR 0005): paths are strict (no
 * array unwrapping), a comparison holds only for a value of the literal's JSON type ({@code != null}:
 * any value that is not JSON null), and the logic has two values — {@code !(p)} selects exactly
 * the rows {@code p} does not.
 *
 * <p>Each leaf may yield SQL NULL where it means false; AND and OR treat that as false already,
 * so only NOT needs {@code COALESCE}. On PostgreSQL a leaf is {@code column @@ 'strict ...'}, which
 * a {@code jsonb_path_ops} GIN index serves wherever it is not under a NOT; on SQLite it is an
 * expression over {@code json_type}/{@code json_extract}.
 */
final class JsonPathSql {
    private JsonPathSql() {
    }

    static String render(JsonPathPredicate p, Dialect d, String col, List<Object> params) {
        if (p instanceof Compare || p instanceof Exists) {
            return d == Dialect.POSTGRES ? postgresLeaf(p, col, params) : sqliteLeaf(p, col, params);
        }
        if (p instanceof Not n) {
            return "NOT COALESCE(" + render(n.inner(), d, col, params) + ", FALSE)";
        }
        List<JsonPathPredicate> parts = p instanceof And a ? a.parts() : ((Or) p).parts();
        List<String> rendered = new ArrayList<>();
        for (JsonPathPredicate part : parts) {
            rendered.add(render(part, d, col, params));
        }
        return "(" + String.join(p instanceof And ? " AND " : " OR ", rendered) + ")";
    }

    private static String postgresLeaf(JsonPathPredicate p, String col, List<Object> params) {
        params.add("strict " + postgresText(p));
        return col + " @@ CAST(? AS jsonpath)";
    }

    /** In strict mode a missing key or another JSON type makes the comparison unknown, and @@ false. */
    static String postgresText(JsonPathPredicate p) {
        if (p instanceof Exists e) {
            return "exists(" + e.path().text() + ")";
        }
        Compare c = (Compare) p;
        String path = c.path().text();
        String leaf = path + " " + c.op().symbol() + " " + literal(c.literal());
        if (c.op() == Comparison.NE && c.literal() != null) {
            // SQL/JSON says JSON null != 5; here != compares values of the literal's type only.
            return "(" + path + ".type() == \"" + jsonType(c.literal()) + "\" && " + leaf + ")";
        }
        return leaf;
    }

    private static String sqliteLeaf(JsonPathPredicate p, String col, List<Object> params) {
        String type = "json_type(" + col + ", ?)";
        if (p instanceof Exists e) {
            params.add(e.path().text());
            return type + " IS NOT NULL";
        }
        Compare c = (Compare) p;
        String path = c.path().text();
        params.add(path);
        Object lit = c.literal();
        if (lit == null) {
            return type + (c.op() == Comparison.EQ ? " = 'null'" : " <> 'null'");
        }
        if (lit instanceof Boolean b) {
            boolean wanted = c.op() == Comparison.EQ ? b : !b;
            return type + " = '" + wanted + "'";
        }
        params.add(path);
        params.add(lit instanceof BigDecimal n ? SortNumbers.bind(n, Dialect.SQLITE) : lit);
        String types = lit instanceof BigDecimal ? "IN ('integer', 'real')" : "= 'text'";
        String op = c.op() == Comparison.EQ ? "=" : c.op() == Comparison.NE ? "<>" : c.op().symbol();
        return "(" + type + " " + types + " AND json_extract(" + col + ", ?) " + op + " ?)";
    }

    private static String jsonType(Object literal) {
        return literal instanceof BigDecimal ? "number" : literal instanceof Boolean ? "boolean" : "string";
    }

    private static String literal(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof String s) {
            return jsonString(s);
        }
        return o instanceof BigDecimal b ? b.toPlainString() : o.toString();
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
