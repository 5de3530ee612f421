package io.lamassu.common.query;

/**
 * Sort by a field, or by a simple path inside a JSON field ({@code jsonPath} non-null).
 * {@code text} is the canonical form a bookmark carries ({@code "<field>[jsonpath]<path> <asc|desc>"}).
 */
public record Sort(Field field, JsonPathPredicate.Path jsonPath, boolean descending) {

    public String text() {
        String by = jsonPath == null ? field.name() : field.name() + "[jsonpath]" + jsonPath.text();
        return by + (descending ? " desc" : " asc");
    }
}
