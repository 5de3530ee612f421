package io.lamassu.common.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.testkit.Gen;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The query engine under hostile input (issue 7): random filters, JSONPath expressions, sorts,
 * page sizes and bookmarks — including mutations of real bookmarks — either parse or fail with a
 * 400 LamassuException. Any other exception (which the error mapper would turn into a 500) fails.
 */
class QueryInputFuzzTest {
    static final FieldSet FIELDS = QueryParserTest.FIELDS;
    static final String ALPHABET = "$.@[]()!=<>&|\"'\\ ,*?:-_~%0123456789aAzZ\u00e9\u0000\u202e\ud83d\ude00";
    static final List<String> PIECES = List.of("$", ".", "a", "[0]", "[*]", " == ", " != ", " < ", " && ", " || ",
            "!(", ")", "(", "\"x\"", "5", "-1e309", "null", "true", "@", "?(", "like_regex ", "exists(", "$.tags[",
            "id", "status", "metadata", "[eq]", "[jsonpath]", "[in]", "[bt]", ",", "ACTIVE");

    static String noise(Gen g) {
        StringBuilder sb = new StringBuilder();
        int n = g.between(0, 40);
        for (int i = 0; i < n; i++) {
            if (g.bool()) {
                sb.append(g.of(PIECES));
            } else {
                sb.append(ALPHABET.charAt(g.between(0, ALPHABET.length() - 1)));
            }
        }
        return sb.toString();
    }

    static void parsesOrIs400(Map<String, List<String>> params) {
        try {
            QueryParser.parse(params, FIELDS);
        } catch (LamassuException e) {
            assertThat(e.kind()).as(params + " -> " + e.getMessage()).isEqualTo(ErrorKind.BAD_REQUEST);
            assertThat(e.code()).matches("[A-Z_]+");
        }
    }

    @Test
    void randomFiltersAndJsonPathsParseOrAre400() {
        Gen.forAll(3000, g -> {
            String field = g.of("id", "status", "tags", "created", "size", "metadata", "nope", "");
            String op = g.of("eq", "ne", "jsonpath", "in", "bt", "lt", "gte", "contains", "zz", "", noise(g));
            String filter = g.chance(0.2) ? noise(g) : field + "[" + op + "]" + (g.bool() ? "=" : "") + noise(g);
            parsesOrIs400(Map.of("filter", List.of(filter)));
        });
    }

    @Test
    void randomSortsPageSizesAndBookmarksParseOrAre400() {
        Gen.forAll(3000, g -> parsesOrIs400(Map.of(
                "sort_by", List.of(g.of("id", "created", "metadata.a", "metadata." + noise(g), noise(g))),
                "sort_mode", List.of(g.of("asc", "DESC", "", noise(g))),
                "page_size", List.of(g.of("1", "1000", "0", "-5", "99999999999999999999", "1e3", noise(g))),
                "bookmark", List.of(noise(g)))));
    }

    /** A real bookmark with one character changed, removed or added: never anything but a page or a 400. */
    @Test
    void mutatedBookmarksParseOrAre400() {
        ListQuery first = QueryParser.parse(Map.of("filter", List.of("metadata[jsonpath]$.a == \"x\"", "id[ne]q"),
                "sort_by", List.of("created"), "page_size", List.of("7")), FIELDS);
        String real = QueryParser.bookmark(first, new ListQuery.Cursor("2030-01-01T00:00:00Z", "row-9"));
        assertThat(QueryParser.parse(Map.of("bookmark", List.of(real)), FIELDS).pageSize()).isEqualTo(7);
        String chars = "ABCxyz019-_.=%+/ \u0000";
        Gen.forAll(3000, g -> {
            StringBuilder b = new StringBuilder(real);
            int at = g.between(0, b.length() - 1);
            switch (g.between(0, 2)) {
                case 0 -> b.setCharAt(at, chars.charAt(g.between(0, chars.length() - 1)));
                case 1 -> b.deleteCharAt(at);
                default -> b.insert(at, chars.charAt(g.between(0, chars.length() - 1)));
            }
            parsesOrIs400(Map.of("bookmark", List.of(b.toString())));
        });
    }
}
