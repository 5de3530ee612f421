package io.lamassu.storage;

import io.lamassu.common.query.FieldType;
import io.lamassu.common.query.Sort;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How a sort orders rows, identically on SQLite and PostgreSQL (ADR 0005). Rows split into the
 * value segment, ordered by the sort's terms and then the key, and the null segment (NULL column,
 * or missing key / JSON null), ordered by the key alone: nulls come after every value in ascending
 * order and before them in descending order. Each segment is read with its own index-friendly
 * keyset query, so neither database's NULL ordering or NULL comparison rules come into play.
 */
abstract class SortKey {
    /** Cursor token of a row in the null segment. */
    static final String NULL_TOKEN = "z";

    /** Where a cursor points: the null segment, or a value (with its JSON rank; 0 for columns). */
    record Position(boolean inNulls, int rank, Object value) {
    }

    static SortKey of(Sort sort, Dialect d, boolean codePoint) {
        String collate = d == Dialect.POSTGRES && !codePoint ? " COLLATE \"C\"" : "";
        if (sort.jsonPath() != null) {
            return new JsonSortKey(sort.field().column(), sort.jsonPath(), d, collate);
        }
        boolean text = sort.field().type() == FieldType.STRING || sort.field().type() == FieldType.ENUM;
        return new ColumnSortKey(sort.field().column(), text, d, text ? collate : "");
    }

    /** Select-list expressions (named {@code sort_*__}) from which {@link #read} builds the cursor. */
    abstract Sql.Part select();

    abstract Sql.Part isNull();

    abstract Sql.Part isNotNull();

    /** ORDER BY terms of the value segment, without the key. */
    abstract Sql.Part orderBy(String direction);

    /** Rows of the value segment strictly after {@code p} (before, when descending), key included. */
    abstract Sql.Part after(Position p, String cmp, String keyTerm, String key);

    abstract String read(ResultSet rs) throws SQLException;

    /** Parses a cursor token; a token this sort cannot have written is a 400. */
    abstract Position decode(String token);

    static final class ColumnSortKey extends SortKey {
        private final String col;
        private final boolean text;
        private final Dialect dialect;
        private final String collate;

        ColumnSortKey(String col, boolean text, Dialect dialect, String collate) {
            this.col = "t." + col;
            this.text = text;
            this.dialect = dialect;
            this.collate = collate;
        }

        @Override
        Sql.Part select() {
            return Sql.Part.of(col + " AS sort_v__");
        }

        @Override
        Sql.Part isNull() {
            return Sql.Part.of(col + " IS NULL");
        }

        @Override
        Sql.Part isNotNull() {
            return Sql.Part.of(col + " IS NOT NULL");
        }

        @Override
        Sql.Part orderBy(String direction) {
            return Sql.Part.of(col + collate + direction);
        }

        @Override
        Sql.Part after(Position p, String cmp, String keyTerm, String key) {
            return Sql.Part.of("(" + col + collate + ", " + keyTerm + ") " + cmp + " (?, ?)", p.value(), key);
        }

        @Override
        String read(ResultSet rs) throws SQLException {
            Object v = text ? rs.getString("sort_v__") : rs.getObject("sort_v__");
            if (v == null) {
                return NULL_TOKEN;
            }
            return text ? "s:" + v : "n:" + SortNumbers.encode(v);
        }

        @Override
        Position decode(String token) {
            if (token.equals(NULL_TOKEN)) {
                return new Position(true, 0, null);
            }
            String prefix = text ? "s:" : "n:";
            if (!token.startsWith(prefix)) {
                throw SortNumbers.malformed();
            }
            String v = token.substring(2);
            return new Position(false, 0, text ? v : SortNumbers.decode(v, dialect));
        }
    }
}
