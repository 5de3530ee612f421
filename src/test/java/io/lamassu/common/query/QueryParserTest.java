package io.lamassu.common.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParserTest {
    static final FieldSet FIELDS = FieldSet.builder("id")
            .add("id", FieldType.STRING, "id")
            .add("status", FieldType.ENUM, "status")
            .add("tags", FieldType.STRING_ARRAY, "tags")
            .add("created", FieldType.DATE, "created")
            .add("size", FieldType.NUMBER, "size")
            .add("metadata", FieldType.JSON, "metadata")
            .defaultSort("created")
            .build();

    static ListQuery parse(Map<String, List<String>> params) {
        return QueryParser.parse(params, FIELDS);
    }

    @Test
    void acceptsBothFilterSyntaxes() {
        ListQuery a = parse(Map.of("filter", List.of("status[eq]ACTIVE")));
        ListQuery b = parse(Map.of("filter", List.of("status[eq]=ACTIVE")));
        assertThat(a.filters().get(0).value()).isEqualTo("ACTIVE");
        assertThat(b.filters().get(0).value()).isEqualTo("ACTIVE");
        assertThat(a.filters().get(0).operator()).isEqualTo(FilterOperator.EQ);
    }

    @Test
    void acceptsLongOperatorNamesCaseInsensitively() {
        ListQuery q = parse(Map.of("filter", List.of("id[Contains_IgnoreCase]abc")));
        assertThat(q.filters().get(0).operator()).isEqualTo(FilterOperator.CONTAINS_IC);
    }

    @Test
    void rejectsUnknownFieldNamingIt() {
        assertThatThrownBy(() -> parse(Map.of("filter", List.of("colour[eq]red"))))
                .isInstanceOf(LamassuException.class)
                .hasMessageContaining("colour")
                .extracting("code").isEqualTo("INVALID_FILTER_FIELD");
    }

    @Test
    void rejectsOperatorNotValidForFieldType() {
        assertThatThrownBy(() -> parse(Map.of("filter", List.of("created[ct]2026"))))
                .hasMessageContaining("'ct'").hasMessageContaining("created")
                .extracting("code").isEqualTo("INVALID_FILTER_OPERATOR");
        assertThatThrownBy(() -> parse(Map.of("filter", List.of("status[bogus]x"))))
                .extracting("code").isEqualTo("INVALID_FILTER_OPERATOR");
    }

    @Test
    void rejectsMalformedFilter() {
        assertThatThrownBy(() -> parse(Map.of("filter", List.of("status=ACTIVE"))))
                .extracting("code").isEqualTo("INVALID_FILTER");
    }

    @Test
    void capsPageSizeAndRejectsNonsense() {
        assertThat(parse(Map.of("page_size", List.of("100000"))).pageSize()).isEqualTo(QueryParser.MAX_PAGE_SIZE);
        assertThat(parse(Map.of()).pageSize()).isEqualTo(25);
        assertThatThrownBy(() -> parse(Map.of("page_size", List.of("-1"))))
                .extracting("code").isEqualTo("INVALID_PAGE_SIZE");
        assertThatThrownBy(() -> parse(Map.of("page_size", List.of("ten"))))
                .extracting("code").isEqualTo("INVALID_PAGE_SIZE");
    }

    @Test
    void sortsByJsonPathOnlyOnJsonFields() {
        ListQuery q = parse(Map.of("sort_by", List.of("metadata[jsonpath]$.location.region"),
                "sort_mode", List.of("desc")));
        assertThat(q.sort().jsonPath().steps()).containsExactly("location", "region");
        assertThat(q.sort().descending()).isTrue();
        assertThatThrownBy(() -> parse(Map.of("sort_by", List.of("id[jsonpath]$.a"))))
                .extracting("code").isEqualTo("INVALID_SORT");
        assertThatThrownBy(() -> parse(Map.of("sort_mode", List.of("sideways"), "sort_by", List.of("id"))))
                .extracting("code").isEqualTo("INVALID_SORT");
    }

    @Test
    void bookmarkCarriesFiltersAndSort() {
        ListQuery q = parse(Map.of("filter", List.of("status[eq]ACTIVE"), "sort_by", List.of("id"),
                "sort_mode", List.of("desc"), "page_size", List.of("10")));
        String bookmark = QueryParser.bookmark(q, new ListQuery.Cursor("s:dev-9", "dev-9"));
        ListQuery next = parse(Map.of("bookmark", List.of(bookmark)));
        assertThat(next.filters()).hasSize(1);
        assertThat(next.sort().field().name()).isEqualTo("id");
        assertThat(next.sort().descending()).isTrue();
        assertThat(next.pageSize()).isEqualTo(10);
        assertThat(next.after().key()).isEqualTo("dev-9");
    }

    @Test
    void bookmarkWithDifferentFiltersIsRejected() {
        ListQuery q = parse(Map.of("filter", List.of("status[eq]ACTIVE")));
        String bookmark = QueryParser.bookmark(q, new ListQuery.Cursor("n:1", "a"));
        assertThatThrownBy(() -> parse(Map.of("bookmark", List.of(bookmark), "filter", List.of("status[eq]REVOKED"))))
                .extracting("code").isEqualTo("INVALID_BOOKMARK");
        assertThatThrownBy(() -> parse(Map.of("bookmark", List.of("%%%garbage"))))
                .extracting("code").isEqualTo("INVALID_BOOKMARK");
    }

    @Test
    void inListsDropEmptyItemsAndNormalise() {
        FieldSet fs = FieldSet.builder("id")
                .add(Field.of("status", FieldType.ENUM, "status", v -> v.equals("OLD") ? "NEW" : v))
                .defaultSort("status").build();
        ListQuery q = QueryParser.parse(Map.of("filter", List.of("status[in]OLD,,X")), fs);
        assertThat(q.filters().get(0).value()).isEqualTo("NEW,X");
    }

    @Test
    void blankFiltersAreIgnoredAndSortModeAloneOrdersTheDefaultField() {
        ListQuery q = parse(Map.of("filter", List.of("", " "), "sort_mode", List.of("DESC")));
        assertThat(q.filters()).isEmpty();
        assertThat(q.sort().field().name()).isEqualTo("created");
        assertThat(q.sort().descending()).isTrue();
        assertThatThrownBy(() -> parse(Map.of("sort_mode", List.of("up"))))
                .extracting("code").isEqualTo("INVALID_SORT");
    }

    @Test
    void pageSizeEdgeCases() {
        assertThat(parse(Map.of("page_size", List.of("99999999999"))).pageSize()).isEqualTo(QueryParser.MAX_PAGE_SIZE);
        assertThat(parse(Map.of("page_size", List.of("1"))).pageSize()).isEqualTo(1);
        assertThat(parse(Map.of("page_size", List.of(""))).pageSize()).isEqualTo(QueryParser.DEFAULT_PAGE_SIZE);
        for (String bad : List.of("0", "00000000000000000000000", "1.5", " 5", "5a", "-99999999999")) {
            assertThatThrownBy(() -> parse(Map.of("page_size", List.of(bad)))).as(bad)
                    .extracting("code").isEqualTo("INVALID_PAGE_SIZE");
        }
    }

    @Test
    void aBookmarkKeepsAJsonSortPathWithAwkwardKeysAndAnExplicitPageSizeWins() {
        ListQuery q = parse(Map.of("sort_by", List.of("metadata[jsonpath]$.\"a b\".c[2]"), "page_size", List.of("3")));
        String bookmark = QueryParser.bookmark(q, new ListQuery.Cursor("j1:x", "k"));
        ListQuery next = parse(Map.of("bookmark", List.of(bookmark)));
        assertThat(next.sort()).isEqualTo(q.sort());
        assertThat(next.sort().jsonPath().steps()).containsExactly("a b", "c", 2);
        assertThat(next.pageSize()).isEqualTo(3);
        assertThat(parse(Map.of("bookmark", List.of(bookmark), "page_size", List.of("25"))).pageSize()).isEqualTo(25);
        assertThat(parse(Map.of("bookmark", List.of(bookmark), "sort_by", List.of("metadata[jsonpath]$.\"a b\".c[2]")))
                .after().key()).isEqualTo("k");
        assertThatThrownBy(() -> parse(Map.of("bookmark", List.of(bookmark), "sort_by", List.of("metadata[jsonpath]$.a"))))
                .extracting("code").isEqualTo("INVALID_BOOKMARK");
    }

    @Test
    void aBookmarkFromTheOldFormatIsA400() {
        String v1 = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("v1".getBytes())
                + ".YQ.MjU.bjox.YQ";
        assertThatThrownBy(() -> parse(Map.of("bookmark", List.of(v1)))).extracting("code").isEqualTo("INVALID_BOOKMARK");
    }
}
