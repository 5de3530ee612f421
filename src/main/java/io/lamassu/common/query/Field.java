package io.lamassu.common.query;

import java.util.function.UnaryOperator;

/**
 * A filterable and sortable field of a resource. {@code column} is the storage column (or an
 * expression the storage adapter understands); {@code normalizer} canonicalises filter values
 * (for example status aliases) and may reject them with a 400.
 */
public record Field(String name, FieldType type, String column, UnaryOperator<String> normalizer) {
    public static Field of(String name, FieldType type, String column) {
        return new Field(name, type, column, UnaryOperator.identity());
    }

    public static Field of(String name, FieldType type, String column, UnaryOperator<String> normalizer) {
        return new Field(name, type, column, normalizer);
    }
}
