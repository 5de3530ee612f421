package io.lamassu.common.query;

/** One validated filter; for JSON fields {@code jsonPath} holds the parsed predicate. */
public record Filter(Field field, FilterOperator operator, String value, JsonPathPredicate jsonPath) {
}
