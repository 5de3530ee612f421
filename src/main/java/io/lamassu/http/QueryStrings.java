package io.lamassu.http;

import io.lamassu.common.LamassuException;
import java.util.regex.Pattern;

/**
 * Javalin drops query parameters it cannot percent-decode, so {@code ?bookmark=%%%garbage} used to
 * return the first page as if no bookmark had been sent (issue 7). A malformed query string is a
 * 400 instead, for every route.
 */
final class QueryStrings {
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private QueryStrings() {
    }

    static void requireWellFormed(String query) {
        if (query != null && BAD_ESCAPE.matcher(query).find()) {
            throw LamassuException.badRequest("INVALID_QUERY_STRING",
                    "the query string has a '%' that is not followed by two hex digits (write a literal % as %25)");
        }
    }
}
