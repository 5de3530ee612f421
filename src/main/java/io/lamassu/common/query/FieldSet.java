package io.lamassu.common.query;

import io.lamassu.common.LamassuException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The filterable fields of one resource, plus its unique key column (the keyset tie-breaker) and
 * the default sort field.
 */
public final class FieldSet {
    private final Map<String, Field> fields;
    private final String keyColumn;
    private final Field defaultSort;

    private FieldSet(Map<String, Field> fields, String keyColumn, Field defaultSort) {
        this.fields = fields;
        this.keyColumn = keyColumn;
        this.defaultSort = defaultSort;
    }

    public static Builder builder(String keyColumn) {
        return new Builder(keyColumn);
    }

    public Field get(String name) {
        Field f = fields.get(name);
        if (f == null) {
            throw LamassuException.badRequest("INVALID_FILTER_FIELD",
                    "unknown field '" + name + "'; known fields: " + String.join(", ", fields.keySet()));
        }
        return f;
    }

    public String keyColumn() {
        return keyColumn;
    }

    public Field defaultSort() {
        return defaultSort;
    }

    public static final class Builder {
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private final String keyColumn;
        private Field defaultSort;

        private Builder(String keyColumn) {
            this.keyColumn = keyColumn;
        }

        public Builder add(Field field) {
            fields.put(field.name(), field);
            return this;
        }

        public Builder add(String name, FieldType type, String column) {
            return add(Field.of(name, type, column));
        }

        public Builder defaultSort(String name) {
            defaultSort = fields.get(name);
            return this;
        }

        public FieldSet build() {
            if (defaultSort == null) {
                throw new IllegalStateException("default sort field missing");
            }
            return new FieldSet(Map.copyOf(fields), keyColumn, defaultSort);
        }
    }
}
