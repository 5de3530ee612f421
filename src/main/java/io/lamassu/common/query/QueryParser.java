package io.lamassu.common.query;

import io.lamassu.common.LamassuException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the shared list query parameters (design §2): {@code filter} (repeatable, both
 * {@code field[op]value} and {@code field[op]=value}), {@code sort_by}, {@code sort_mode},
 * {@code page_size} and {@code bookmark}. A bookmark carries the filters and sort it was made
 * with, so a client may send the bookmark alone; filters sent beside it must be the same ones.
 */
public final class QueryParser {
    public static final int DEFAULT_PAGE_SIZE = 25;
    public static final int MAX_PAGE_SIZE = 1000;
    private static final Pattern FILTER = Pattern.compile("^([A-Za-z0-9_.]+)\\[([A-Za-z_]+)\\]=?(.*)$", Pattern.DOTALL);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private QueryParser() {
    }

    public static ListQuery parse(Map<String, List<String>> params, FieldSet fields) {
        return parse(params, "filter", fields);
    }

    public static ListQuery parse(Map<String, List<String>> params, String filterParam, FieldSet fields) {
        int pageSize = pageSize(first(params, "page_size"));
        String bookmark = first(params, "bookmark");
        if (bookmark != null && !bookmark.isEmpty()) {
            return fromBookmark(bookmark, params.getOrDefault(filterParam, List.of()), pageSize, fields);
        }
        List<String> rawFilters = params.getOrDefault(filterParam, List.of());
        String sortBy = first(params, "sort_by");
        String rawSort = sortBy == null || sortBy.isEmpty() ? "" : sortBy + " " + sortMode(first(params, "sort_mode"));
        return build(rawFilters, rawSort, pageSize, null, fields);
    }

    public static List<Filter> parseFilters(List<String> rawFilters, FieldSet fields) {
        List<Filter> out = new ArrayList<>();
        for (String raw : rawFilters) {
            out.add(parseFilter(raw, fields));
        }
        return out;
    }

    public static Filter parseFilter(String raw, FieldSet fields) {
        Matcher m = FILTER.matcher(raw);
        if (!m.matches()) {
            throw LamassuException.badRequest("INVALID_FILTER",
                    "invalid filter '" + raw + "': expected field[operator]value");
        }
        return filter(fields.get(m.group(1)), m.group(2), m.group(3));
    }

    public static Filter filter(Field field, String operator, String value) {
        FilterOperator op = FilterOperator.resolve(field.type(), field.name(), operator);
        if (op == FilterOperator.JSONPATH) {
            return new Filter(field, op, value, JsonPathPredicate.parse(value));
        }
        return new Filter(field, op, normalize(field, op, value), null);
    }

    private static String normalize(Field field, FilterOperator op, String value) {
        if (op == FilterOperator.IN || op == FilterOperator.IN_IC || op == FilterOperator.NOT_IN
                || op == FilterOperator.NOT_IN_IC) {
            List<String> parts = new ArrayList<>();
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    parts.add(field.normalizer().apply(p.trim()));
                }
            }
            return String.join(",", parts);
        }
        return field.normalizer().apply(value);
    }

    private static ListQuery build(List<String> rawFilters, String rawSort, int pageSize,
                                   ListQuery.Cursor cursor, FieldSet fields) {
        List<Filter> filters = parseFilters(rawFilters, fields);
        return new ListQuery(filters, rawFilters, sort(rawSort, fields), rawSort, pageSize, cursor);
    }

    private static Sort sort(String rawSort, FieldSet fields) {
        if (rawSort.isEmpty()) {
            return new Sort(fields.defaultSort(), null, false);
        }
        int space = rawSort.lastIndexOf(' ');
        String by = rawSort.substring(0, space);
        boolean desc = rawSort.endsWith(" desc");
        int bracket = by.indexOf("[jsonpath]");
        if (bracket > 0) {
            Field f = fields.get(by.substring(0, bracket));
            if (f.type() != FieldType.JSON) {
                throw LamassuException.badRequest("INVALID_SORT", "field '" + f.name() + "' is not a JSON field");
            }
            JsonPathPredicate.Path path = new JsonPathParser(by.substring(bracket + 10)).parseSimplePath();
            return new Sort(f, path.steps().stream().map(Object::toString).toList(), desc);
        }
        Field f = fields.get(by);
        if (f.type() == FieldType.JSON || f.type() == FieldType.STRING_ARRAY) {
            throw LamassuException.badRequest("INVALID_SORT",
                    "cannot sort by '" + by + "'; for JSON fields use " + by + "[jsonpath]$.path");
        }
        return new Sort(f, null, desc);
    }

    private static String sortMode(String mode) {
        if (mode == null || mode.isEmpty() || mode.equalsIgnoreCase("asc")) {
            return "asc";
        }
        if (mode.equalsIgnoreCase("desc")) {
            return "desc";
        }
        throw LamassuException.badRequest("INVALID_SORT", "sort_mode must be 'asc' or 'desc', got '" + mode + "'");
    }

    private static int pageSize(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return Math.min(n, MAX_PAGE_SIZE);
        } catch (NumberFormatException e) {
            throw LamassuException.badRequest("INVALID_PAGE_SIZE", "page_size must be a positive integer");
        }
    }

    /** Encodes the query and the last row's cursor into an opaque, URL-safe bookmark. */
    public static String bookmark(ListQuery q, ListQuery.Cursor cursor) {
        List<String> parts = new ArrayList<>();
        parts.add("v1");
        parts.add(q.rawSort());
        parts.add(Integer.toString(q.pageSize()));
        parts.add(cursor.sortValue());
        parts.add(cursor.key());
        parts.addAll(q.rawFilters());
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(B64.encodeToString(p.getBytes(StandardCharsets.UTF_8)));
        }
        return sb.toString();
    }

    private static ListQuery fromBookmark(String bookmark, List<String> requestFilters, int pageSize, FieldSet fields) {
        List<String> parts = new ArrayList<>();
        try {
            for (String p : bookmark.split("\\.", -1)) {
                parts.add(new String(B64D.decode(p), StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            throw invalidBookmark();
        }
        if (parts.size() < 5 || !parts.get(0).equals("v1")) {
            throw invalidBookmark();
        }
        List<String> filters = parts.subList(5, parts.size());
        if (!requestFilters.isEmpty() && !requestFilters.equals(filters)) {
            throw LamassuException.badRequest("INVALID_BOOKMARK",
                    "the bookmark was made with other filters; send the bookmark alone or with the same filters");
        }
        int size = pageSize == DEFAULT_PAGE_SIZE ? parseInt(parts.get(2)) : pageSize;
        return build(filters, parts.get(1), size, new ListQuery.Cursor(parts.get(3), parts.get(4)), fields);
    }

    private static int parseInt(String s) {
        try {
            return Math.min(Math.max(1, Integer.parseInt(s)), MAX_PAGE_SIZE);
        } catch (NumberFormatException e) {
            throw invalidBookmark();
        }
    }

    private static LamassuException invalidBookmark() {
        return LamassuException.badRequest("INVALID_BOOKMARK", "bookmark is malformed");
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> v = params.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
