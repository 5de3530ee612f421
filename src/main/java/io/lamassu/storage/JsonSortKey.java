package io.lamassu.storage;

import io.lamassu.common.query.JsonPathPredicate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Sorting by a path inside a JSON column (ADR 0005). The path is strict (no array unwrapping);
 * values order by JSON type first — numbers, then strings, then booleans, then arrays and objects —
 * and within a type numerically, by code point, false before true; arrays and objects are not
 * compared with each other (the key decides). A missing key or JSON null is in the null segment.
 * Three expressions carry this (rank, number, text), computed the same way on both databases;
 * within a rank the term that does not apply is a constant, so none is NULL in the value segment
 * and a plain row comparison continues the keyset (an index on the three expressions and the key
 * can serve it, ADR 0005).
 */
final class JsonSortKey extends SortKey {
    private static final int NUMBER = 0;
    private static final int CONTAINER = 3;
    private final Sql.Part rank;
    private final Sql.Part number;
    private final Sql.Part text;
    private final Dialect dialect;

    JsonSortKey(String column, JsonPathPredicate.Path path, Dialect dialect, String collate) {
        this.dialect = dialect;
        String col = "t." + column;
        String p = path.text();
        if (dialect == Dialect.POSTGRES) {
            String first = "jsonb_path_query_first(" + col + ", CAST(? AS jsonpath), '{}', true)";
            rank = Sql.Part.of("CASE jsonb_typeof(" + first + ") WHEN 'number' THEN 0 WHEN 'string' THEN 1"
                    + " WHEN 'boolean' THEN 2 WHEN 'array' THEN 3 WHEN 'object' THEN 3 END", "strict " + p);
            number = Sql.Part.of("COALESCE(CAST(" + first + " AS numeric), 0)",
                    "strict " + p + " ? (@.type() == \"number\")");
            text = Sql.Part.of("COALESCE(" + first + " #>> '{}', '')" + collate,
                    "strict " + p + " ? (@.type() == \"string\" || @.type() == \"boolean\")");
        } else {
            rank = Sql.Part.of("CASE json_type(" + col + ", ?) WHEN 'integer' THEN 0 WHEN 'real' THEN 0"
                    + " WHEN 'text' THEN 1 WHEN 'true' THEN 2 WHEN 'false' THEN 2 WHEN 'array' THEN 3"
                    + " WHEN 'object' THEN 3 END", p);
            number = Sql.Part.of("CASE WHEN json_type(" + col + ", ?) IN ('integer', 'real') THEN json_extract("
                    + col + ", ?) ELSE 0 END", p, p);
            text = Sql.Part.of("CASE json_type(" + col + ", ?) WHEN 'text' THEN json_extract(" + col
                    + ", ?) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE '' END", p, p);
        }
    }

    @Override
    Sql.Part select() {
        return join(rank, " AS sort_r__, ", number, " AS sort_n__, ", text, " AS sort_x__");
    }

    @Override
    Sql.Part isNull() {
        return join(rank, " IS NULL");
    }

    @Override
    Sql.Part isNotNull() {
        return join(rank, " IS NOT NULL");
    }

    @Override
    Sql.Part orderBy(String direction) {
        return join(rank, direction + ", ", number, direction + ", ", text, direction);
    }

    /** Within a rank the other value term is a constant (0 or ''), so one row comparison suffices. */
    @Override
    Sql.Part after(Position p, String cmp, String keyTerm, String key) {
        Object n = p.rank() == NUMBER ? p.value() : 0L;
        Object x = p.rank() == NUMBER || p.rank() == CONTAINER ? "" : p.value();
        return join("(", rank, ", ", number, ", ", text, ", " + keyTerm + ") " + cmp + " (?, ?, ?, ?)",
                new Sql.Part("", List.of(p.rank(), n, x, key)));
    }

    @Override
    String read(ResultSet rs) throws SQLException {
        Object r = rs.getObject("sort_r__");
        if (r == null) {
            return NULL_TOKEN;
        }
        int n = ((Number) r).intValue();
        return switch (n) {
            case NUMBER -> "j0:" + SortNumbers.encode(rs.getObject("sort_n__"));
            case CONTAINER -> "j3:";
            default -> "j" + n + ":" + rs.getString("sort_x__");
        };
    }

    @Override
    Position decode(String token) {
        if (token.equals(NULL_TOKEN)) {
            return new Position(true, 0, null);
        }
        if (token.length() < 3 || token.charAt(0) != 'j' || token.charAt(2) != ':') {
            throw SortNumbers.malformed();
        }
        String v = token.substring(3);
        return switch (token.charAt(1)) {
            case '0' -> new Position(false, NUMBER, SortNumbers.decode(v, dialect));
            case '1' -> new Position(false, 1, v);
            case '2' -> {
                if (!v.equals("true") && !v.equals("false")) {
                    throw SortNumbers.malformed();
                }
                yield new Position(false, 2, v);
            }
            case '3' -> {
                if (!v.isEmpty()) {
                    throw SortNumbers.malformed();
                }
                yield new Position(false, CONTAINER, null);
            }
            default -> throw SortNumbers.malformed();
        };
    }

    private static Sql.Part join(Object... pieces) {
        Sql sql = new Sql();
        for (Object piece : pieces) {
            if (piece instanceof Sql.Part part) {
                sql.add(part);
            } else {
                sql.add((String) piece);
            }
        }
        return new Sql.Part(sql.text(), sql.params());
    }
}
