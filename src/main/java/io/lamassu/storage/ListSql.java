package io.lamassu.storage;

import io.lamassu.common.Page;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link ListQuery} against one table with keyset pagination: rows are ordered by
 * (sort expression, key) and a page continues strictly after the last row returned, so the cost
 * of page N does not depend on N and concurrent inserts never shift rows between pages. The key
 * column must be text and unique. Rows whose sort value is NULL come last in ascending order and
 * first in descending order, on both databases ({@link SortKey}).
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
        SortKey sort = SortKey.of(q.sort(), jdbc.dialect(), jdbc.tx().textInCodePointOrder());
        SortKey.Position from = q.after() == null ? null : sort.decode(q.after().sortValue());
        boolean desc = q.sort().descending();
        // Ascending: values, then nulls; descending: nulls, then values.
        boolean[] segments = desc ? new boolean[] {true, false} : new boolean[] {false, true};
        int want = q.pageSize() + 1;
        List<T> rows = new ArrayList<>();
        List<ListQuery.Cursor> cursors = new ArrayList<>();
        int start = from == null || from.inNulls() == segments[0] ? 0 : 1;
        for (int i = start; i < segments.length && rows.size() < want; i++) {
            SortKey.Position after = from != null && i == start ? from : null;
            Sql sql = segment(q, sort, segments[i], after, want - rows.size());
            jdbc.queryList(sql.text(), rs -> {
                cursors.add(new ListQuery.Cursor(sort.read(rs), rs.getString("sort_k__")));
                rows.add(mapper.map(rs));
                return null;
            }, sql.params());
        }
        if (rows.size() <= q.pageSize()) {
            return new Page<>(rows, "");
        }
        String next = QueryParser.bookmark(q, cursors.get(q.pageSize() - 1));
        return new Page<>(rows.subList(0, q.pageSize()), next);
    }

    /** The first query {@link #page} runs for {@code q}; tests read its plan. */
    Sql firstQuery(ListQuery q) {
        SortKey sort = SortKey.of(q.sort(), jdbc.dialect(), jdbc.tx().textInCodePointOrder());
        SortKey.Position from = q.after() == null ? null : sort.decode(q.after().sortValue());
        boolean nulls = from == null ? q.sort().descending() : from.inNulls();
        return segment(q, sort, nulls, from, q.pageSize() + 1);
    }

    private Sql segment(ListQuery q, SortKey sort, boolean nulls, SortKey.Position after, int limit) {
        String dir = q.sort().descending() ? " DESC" : " ASC";
        String cmp = q.sort().descending() ? "<" : ">";
        String keyTerm = "t." + fields.keyColumn() + (jdbc.tx().textInCodePointOrder() ? "" : " COLLATE \"C\"");
        List<Object> whereParams = new ArrayList<>();
        String where = where(q.filters(), whereParams);
        Sql sql = new Sql().add("SELECT t.*, ").add(sort.select())
                .add(", t." + fields.keyColumn() + " AS sort_k__ FROM " + table + " t WHERE (" + where + ")",
                        whereParams.toArray())
                .add(" AND ").add(nulls ? sort.isNull() : sort.isNotNull());
        if (after != null) {
            sql.add(" AND ").add(nulls ? Sql.Part.of(keyTerm + " " + cmp + " ?", q.after().key())
                    : sort.after(after, cmp, keyTerm, q.after().key()));
        }
        sql.add(" ORDER BY ");
        if (!nulls) {
            sql.add(sort.orderBy(dir)).add(", ");
        }
        return sql.add(keyTerm + dir + " LIMIT " + limit);
    }
}
