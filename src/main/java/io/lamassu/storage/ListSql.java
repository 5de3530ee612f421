package io.lamassu.storage;

import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.query.Field;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import io.lamassu.common.query.Sort;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link ListQuery} against one table with keyset pagination: rows are ordered by
 * (sort expression, key) and a page continues strictly after the last row returned, so the cost
 * of page N does not depend on N and concurrent inserts never shift rows between pages.
 */
public final class ListSql {
    private final Jdbc jdbc;
    private final String table;
    private final FieldSet fields;

    public ListSql(Jdbc jdbc, String table, FieldSet fields) {
        this.jdbc = jdbc;
        this.table = table;
        this.fields = fields;
    }

    /** Builds the WHERE clause (without the keyword) of the query's filters; "1 = 1" when none. */
    public String where(List<Filter> filters, List<Object> params) {
        if (filters.isEmpty()) {
            return "1 = 1";
        }
        List<String> parts = new ArrayList<>();
        for (Filter f : filters) {
            parts.add(FilterSql.render(f, jdbc.dialect(), params));
        }
        return String.join(" AND ", parts);
    }

    public <T> Page<T> page(ListQuery q, Jdbc.RowMapper<T> mapper) {
        List<Object> params = new ArrayList<>();
        String sortExpr = sortExpression(q.sort(), params);
        List<Object> whereParams = new ArrayList<>();
        String where = where(q.filters(), whereParams);
        String key = fields.keyColumn();
        StringBuilder sql = new StringBuilder("SELECT t.*, ").append(sortExpr).append(" AS sort_key__ FROM ")
                .append(table).append(" t WHERE ").append(where);
        List<Object> all = new ArrayList<>(params);
        all.addAll(whereParams);
        if (q.after() != null) {
            String cmp = q.sort().descending() ? "<" : ">";
            List<Object> again = new ArrayList<>();
            sortExpression(q.sort(), again);
            sql.append(" AND (").append(sortExpr).append(", t.").append(key).append(") ").append(cmp)
                    .append(" (").append(cursorParam(q.sort())).append(", ?)");
            all.addAll(again);
            all.add(decodeSortValue(q.after().sortValue()));
            all.add(q.after().key());
        }
        String dir = q.sort().descending() ? " DESC" : " ASC";
        sql.append(" ORDER BY ").append(sortExpr).append(dir).append(", t.").append(key).append(dir);
        all.addAll(params);
        sql.append(" LIMIT ").append(q.pageSize() + 1);
        return run(sql.toString(), all, q, mapper);
    }

    private <T> Page<T> run(String sql, List<Object> params, ListQuery q, Jdbc.RowMapper<T> mapper) {
        List<Object[]> cursors = new ArrayList<>();
        List<T> rows = jdbc.queryList(sql, rs -> {
            cursors.add(new Object[] {encodeSortValue(rs.getObject("sort_key__")), rs.getString(fields.keyColumn())});
            return mapper.map(rs);
        }, params);
        if (rows.size() <= q.pageSize()) {
            return new Page<>(rows, "");
        }
        Object[] last = cursors.get(q.pageSize() - 1);
        String next = QueryParser.bookmark(q, new ListQuery.Cursor((String) last[0], (String) last[1]));
        return new Page<>(rows.subList(0, q.pageSize()), next);
    }

    private String sortExpression(Sort sort, List<Object> params) {
        Field f = sort.field();
        if (sort.jsonPath() == null) {
            return "t." + f.column();
        }
        if (jdbc.dialect() == Dialect.POSTGRES) {
            StringBuilder sb = new StringBuilder("COALESCE(jsonb_extract_path(t." + f.column());
            for (String step : sort.jsonPath()) {
                sb.append(", ?");
                params.add(step);
            }
            return sb.append("), 'null'::jsonb)").toString();
        }
        StringBuilder path = new StringBuilder("$");
        for (String step : sort.jsonPath()) {
            path.append(step.matches("\\d+") ? "[" + step + "]" : "." + JsonPathSql.jsonString(step));
        }
        params.add(path.toString());
        // -Infinity sorts missing values before every number and string, keeping the keyset total.
        return "IFNULL(json_extract(t." + f.column() + ", ?), -9e999)";
    }

    private String cursorParam(Sort sort) {
        return sort.jsonPath() != null && jdbc.dialect() == Dialect.POSTGRES ? "CAST(? AS jsonb)" : "?";
    }

    private static String encodeSortValue(Object v) throws SQLException {
        if (v == null) {
            return "z";
        }
        if (v instanceof Number n) {
            return "n:" + n;
        }
        if (v instanceof String s) {
            return "s:" + s;
        }
        return "s:" + v;
    }

    private static Object decodeSortValue(String token) {
        if (token.equals("z")) {
            return null;
        }
        if (token.startsWith("s:")) {
            return token.substring(2);
        }
        if (token.startsWith("n:")) {
            String n = token.substring(2);
            try {
                return n.contains(".") || n.contains("E") || n.contains("Infinity") ? (Object) Double.parseDouble(n)
                        : (Object) Long.parseLong(n);
            } catch (NumberFormatException e) {
                throw LamassuException.badRequest("INVALID_BOOKMARK", "bookmark is malformed");
            }
        }
        throw LamassuException.badRequest("INVALID_BOOKMARK", "bookmark is malformed");
    }
}
