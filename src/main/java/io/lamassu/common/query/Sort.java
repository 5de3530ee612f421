package io.lamassu.common.query;

import java.util.List;

/** Sort by a field, or by a simple path inside a JSON field ({@code jsonPath} non-null). */
public record Sort(Field field, List<String> jsonPath, boolean descending) {
}
