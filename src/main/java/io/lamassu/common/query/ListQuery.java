package io.lamassu.common.query;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated list request: filters (ANDed), sort, page size and, when continuing, the keyset
 * cursor of the last row already returned. {@code rawFilters} keep the caller's text so that a
 * bookmark can carry the whole query.
 */
public record ListQuery(List<Filter> filters, List<String> rawFilters, Sort sort, int pageSize, Cursor after) {

    /**
     * The sort value and key of the last row of the previous page, as the storage adapter wrote
     * them; it validates them again when the cursor comes back (a client can alter a bookmark).
     */
    public record Cursor(String sortValue, String key) {
    }

    public ListQuery {
        filters = List.copyOf(filters);
        rawFilters = List.copyOf(rawFilters);
    }

    public ListQuery withFilters(List<Filter> extra) {
        List<Filter> all = new ArrayList<>(extra);
        all.addAll(filters);
        return new ListQuery(all, rawFilters, sort, pageSize, after);
    }

    public ListQuery withPageSize(int size) {
        return new ListQuery(filters, rawFilters, sort, size, after);
    }
}
