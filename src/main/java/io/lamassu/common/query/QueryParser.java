package io.lamassu.common.query;

import io.lamassu.common.LamassuException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the shared list query parameters (design §2): {@code filter} (repeatable, both
 * {@code field[op]value} and {@code field[op]=value}), {@code sort_by}, {@code sort_mode},
 * {@code page_size} and {@code bookmark}. A bookmark carries the filters and sort it was made
 * with, so a client may send the bookmark alone; filters or a sort sent beside it must be the same
 * ones, and an explicit {@code page_size} beside it wins over the bookmark's.
 */
public final class QueryParser {
    public static final int DEFAULT_PAGE_SIZE = 25;
    public static final int MAX_PAGE_SIZE = 1000;
    /** Most filters in one request, and most items in one IN list: bounded input (design §4). */
    public static final int MAX_FILTERS = 50;
    public static final int MAX_IN_ITEMS = 500;
    private static final Pattern FILTER = Pattern.compile("^([A-Za-z0-9_.]+)\\[([A-Za-z_]+)\\]=?(.*)$", Pattern.DOTALL);
    private static final String JSONPATH = "[jsonpath]";

    private QueryParser() {
    }

    public static ListQuery parse(Map<String, List<String>> params, FieldSet fields) {
        return parse(params, "filter", fields);
    }

    public static ListQuery parse(Map<String, List<String>> params, String filterParam, FieldSet fields) {
        Integer explicitSize = pageSize(first(params, "page_size"));
        List<String> rawFilters = nonBlank(params.getOrDefault(filterParam, List.of()));
        Sort requested = requestedSort(first(params, "sort_by"), first(params, "sort_mode"), fields);
        String bookmark = first(params, "bookmark");
        if (bookmark != null && !bookmark.isEmpty()) {
            return continueFrom(Bookmark.decode(bookmark), rawFilters, requested, explicitSize, fields);
        }
        Sort sort = requested != null ? requested : new Sort(fields.defaultSort(), null, false);
        int size = explicitSize != null ? explicitSize : DEFAULT_PAGE_SIZE;
        return new ListQuery(parseFilters(rawFilters, fields), rawFilters, sort, size, null);
    }

    private static ListQuery continueFrom(Bookmark b, List<String> rawFilters, Sort requested, Integer explicitSize,
                                          FieldSet fields) {
        Sort sort;
        List<Filter> filters;
        try {
            sort = sortFromText(b.sort(), fields);
            filters = parseFilters(b.filters(), fields);
        } catch (LamassuException e) {
            throw Bookmark.invalid(e.getMessage());
        }
        if (!rawFilters.isEmpty() && !rawFilters.equals(b.filters())) {
            throw Bookmark.invalid("it was made with other filters; send it alone or with the same filters");
        }
        if (requested != null && !requested.text().equals(sort.text())) {
            throw Bookmark.invalid("it was made with another sort ('" + sort.text()
                    + "'); send it alone or with the same sort_by and sort_mode");
        }
        int size = explicitSize != null ? explicitSize : b.pageSize();
        return new ListQuery(filters, b.filters(), sort, size, b.cursor());
    }

    /** Encodes the query and the last row's cursor into an opaque, URL-safe bookmark. */
    public static String bookmark(ListQuery q, ListQuery.Cursor cursor) {
        return new Bookmark(q.sort().text(), q.pageSize(), cursor, q.rawFilters()).encode();
    }

    public static List<Filter> parseFilters(List<String> rawFilters, FieldSet fields) {
        if (rawFilters.size() > MAX_FILTERS) {
            throw LamassuException.badRequest("INVALID_FILTER", "at most " + MAX_FILTERS + " filters are allowed");
        }
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
        if (value.indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold NUL: refused here rather than failing in the database.
            throw LamassuException.badRequest("INVALID_FILTER_VALUE",
                    "the value for field '" + field.name() + "' contains a NUL character");
        }
        if (op == FilterOperator.JSONPATH) {
            return new Filter(field, op, value, JsonPathPredicate.parse(value));
        }
        return new Filter(field, op, normalize(field, op, value), null);
    }

    private static String normalize(Field field, FilterOperator op, String value) {
        if (op == FilterOperator.IN || op == FilterOperator.IN_IC || op == FilterOperator.NOT_IN
                || op == FilterOperator.NOT_IN_IC) {
            List<String> parts = new ArrayList<>();
            for (String p : value.split(",", -1)) {
                if (!p.isBlank()) {
                    parts.add(field.normalizer().apply(p.trim()));
                }
            }
            if (parts.size() > MAX_IN_ITEMS) {
                throw LamassuException.badRequest("INVALID_FILTER_VALUE",
                        "at most " + MAX_IN_ITEMS + " items in one '" + op.shortName() + "' list for field '"
                                + field.name() + "'");
            }
            return String.join(",", parts);
        }
        return field.normalizer().apply(value);
    }

    /** Null when the request names no sort; {@code sort_mode} alone orders the default field. */
    private static Sort requestedSort(String sortBy, String sortMode, FieldSet fields) {
        boolean descending = descending(sortMode);
        if (sortBy == null || sortBy.isEmpty()) {
            return sortMode == null || sortMode.isEmpty() ? null : new Sort(fields.defaultSort(), null, descending);
        }
        return sortBy(sortBy, descending, fields);
    }

    private static Sort sortFromText(String text, FieldSet fields) {
        int space = text.lastIndexOf(' ');
        String mode = space < 0 ? "" : text.substring(space + 1);
        if (space <= 0 || !(mode.equals("asc") || mode.equals("desc"))) {
            throw LamassuException.badRequest("INVALID_SORT", "malformed sort '" + text + "'");
        }
        return sortBy(text.substring(0, space), mode.equals("desc"), fields);
    }

    private static Sort sortBy(String by, boolean descending, FieldSet fields) {
        int bracket = by.indexOf(JSONPATH);
        if (bracket > 0) {
            Field f = fields.get(by.substring(0, bracket));
            if (f.type() != FieldType.JSON) {
                throw LamassuException.badRequest("INVALID_SORT", "field '" + f.name() + "' is not a JSON field");
            }
            JsonPathPredicate.Path path = new JsonPathParser(by.substring(bracket + JSONPATH.length())).parseSimplePath();
            return new Sort(f, path, descending);
        }
        Field f = fields.get(by);
        if (f.type() == FieldType.JSON || f.type() == FieldType.STRING_ARRAY) {
            throw LamassuException.badRequest("INVALID_SORT",
                    "cannot sort by '" + by + "'; for JSON fields use " + by + "[jsonpath]$.path");
        }
        return new Sort(f, null, descending);
    }

    private static boolean descending(String mode) {
        if (mode == null || mode.isEmpty() || mode.equalsIgnoreCase("asc")) {
            return false;
        }
        if (mode.equalsIgnoreCase("desc")) {
            return true;
        }
        throw LamassuException.badRequest("INVALID_SORT", "sort_mode must be 'asc' or 'desc', got '" + mode + "'");
    }

    /** Null when absent: a bookmark's own page size applies then. */
    private static Integer pageSize(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return Math.min(n, MAX_PAGE_SIZE);
        } catch (NumberFormatException e) {
            if (raw.length() < 20 && raw.chars().allMatch(Character::isDigit) && !raw.chars().allMatch(c -> c == '0')) {
                return MAX_PAGE_SIZE; // a huge positive number: capped like any size above the maximum
            }
            throw LamassuException.badRequest("INVALID_PAGE_SIZE", "page_size must be a positive integer");
        }
    }

    private static List<String> nonBlank(List<String> filters) {
        return filters.stream().filter(f -> !f.isBlank()).toList();
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> v = params.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
