package io.lamassu.common.query;

import java.util.List;

/**
 * A parsed JSONPath predicate over a JSON column, restricted to the subset that PostgreSQL's
 * {@code @@} operator and SQLite's JSON functions evaluate alike: comparisons of a path with a
 * literal, {@code exists(path)}, {@code &&}, {@code ||}, {@code !} and parentheses.
 */
public sealed interface JsonPathPredicate {

    /** A path is a list of steps: object keys (String) and array indexes (Integer). */
    record Path(List<Object> steps) {
        public Path {
            steps = List.copyOf(steps);
        }

        /** SQL/JSON path text, with every key quoted so that no key can change the syntax. */
        public String text() {
            StringBuilder sb = new StringBuilder("$");
            for (Object step : steps) {
                if (step instanceof Integer i) {
                    sb.append('[').append(i).append(']');
                } else {
                    sb.append('.').append(JsonPathParser.quote((String) step));
                }
            }
            return sb.toString();
        }
    }

    enum Comparison {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** A literal value: String, java.math.BigDecimal, Boolean, or null. */
    record Compare(Path path, Comparison op, Object literal) implements JsonPathPredicate {
    }

    record Exists(Path path) implements JsonPathPredicate {
    }

    record And(List<JsonPathPredicate> parts) implements JsonPathPredicate {
    }

    record Or(List<JsonPathPredicate> parts) implements JsonPathPredicate {
    }

    record Not(JsonPathPredicate inner) implements JsonPathPredicate {
    }

    static JsonPathPredicate parse(String text) {
        return new JsonPathParser(text).parsePredicate();
    }

    /** Canonical text, safe to hand to PostgreSQL as a jsonpath (it is rebuilt from the tree). */
    default String text() {
        return JsonPathParser.render(this);
    }
}
