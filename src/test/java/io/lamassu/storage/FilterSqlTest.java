package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;
import io.lamassu.common.query.FilterOperator;
import io.lamassu.common.query.QueryParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Filter rendering on both dialects: values only ever as parameters, bad values a 400 before any SQL. */
class FilterSqlTest {
    static final FieldSet FIELDS = FieldSet.builder("id")
            .add("id", FieldType.STRING, "id")
            .add("status", FieldType.ENUM, "status")
            .add("tags", FieldType.STRING_ARRAY, "tags")
            .add("created", FieldType.DATE, "created")
            .add("size", FieldType.NUMBER, "size")
            .add("metadata", FieldType.JSON, "metadata")
            .defaultSort("created")
            .build();
    static final String HOSTILE = "x'); DROP TABLE items; --";

    static String render(Dialect d, String filter, List<Object> params) {
        return FilterSql.render(QueryParser.parseFilter(filter, FIELDS), d, params);
    }

    static LamassuException rejected(Dialect d, String filter) {
        try {
            render(d, filter, new ArrayList<>());
        } catch (LamassuException e) {
            return e;
        }
        throw new AssertionError("accepted: " + filter);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyOperatorOfEveryFieldTypeBindsItsValue(Dialect d) {
        for (FieldType type : FieldType.values()) {
            String field = switch (type) {
                case STRING -> "id";
                case ENUM -> "status";
                case STRING_ARRAY -> "tags";
                case DATE -> "created";
                case NUMBER -> "size";
                case JSON -> "metadata";
            };
            for (FilterOperator op : FilterOperator.values()) {
                if (!op.appliesTo(type)) {
                    assertThat(rejected(d, field + "[" + op.shortName() + "]1").code())
                            .isEqualTo("INVALID_FILTER_OPERATOR");
                    continue;
                }
                String value = switch (type) {
                    case DATE -> "2026-01-01";
                    case NUMBER -> "5";
                    case JSON -> "$.a == \"" + HOSTILE.replace("'", "") + "\"";
                    default -> HOSTILE;
                };
                List<Object> params = new ArrayList<>();
                String sql = render(d, field + "[" + op.shortName() + "]" + value, params);
                assertThat(sql).as("%s %s", field, op).doesNotContain("DROP").contains("?");
                assertThat(params).as("%s %s", field, op).isNotEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void emptyInListsFilterNothing(Dialect d) {
        for (String f : List.of("status[in]", "status[in],,", "id[nin] , ,", "id[in_ic]", "id[nin_ic],")) {
            List<Object> params = new ArrayList<>();
            assertThat(render(d, f, params)).as(f).isEqualTo("1 = 1");
            assertThat(params).isEmpty();
        }
        List<Object> params = new ArrayList<>();
        assertThat(render(d, "id[in]a,,b", params)).contains("IN (?, ?)");
        assertThat(params).containsExactly("a", "b");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void badDatesAreA400NamingTheField(Dialect d) {
        for (String v : List.of("2026-13-01", "2026-02-30", "2026-01-01T00:00:00", "yesterday", "",
                "+999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "0000-12-31", "2026-01-01T25:00:00Z")) {
            for (String op : List.of("eq", "bf", "af")) {
                LamassuException e = rejected(d, "created[" + op + "]" + v);
                assertThat(e.code()).as(v).isEqualTo("INVALID_FILTER_VALUE");
                assertThat(e.getMessage()).contains("created");
            }
        }
        List<Object> params = new ArrayList<>();
        render(d, "created[eq]9999-12-31", params);
        assertThat(params).containsExactly(253402214400000L, 253402300800000L);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void badNumbersAreA400AndGoodOnesBindAsTheDatabaseComparesThem(Dialect d) {
        for (String v : List.of("abc", "", " ", "1e999999999", "1e18", "-1e18", "NaN", "Infinity", "0x10", "1_000",
                "1.0000000000000000001", "9".repeat(50))) {
            assertThat(rejected(d, "size[ge]" + v).code()).as(v).isEqualTo("INVALID_FILTER_VALUE");
        }
        assertThat(bound(d, "size[eq] 7 ")).isEqualTo(7L);
        assertThat(bound(d, "size[lt]1e3")).isEqualTo(1000L);
        assertThat(bound(d, "size[gt]-12.0")).isEqualTo(-12L);
        assertThat(bound(d, "size[le]1.5")).isEqualTo(d == Dialect.POSTGRES ? new BigDecimal("1.5") : (Object) 1.5d);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void caseInsensitiveOperatorsFoldAsciiOnlyOnBothDatabases(Dialect d) {
        String sql = render(d, "id[eq_ic]ÄBC", new ArrayList<>());
        assertThat(sql).contains("LOWER(");
        if (d == Dialect.POSTGRES) {
            assertThat(sql).contains("COLLATE \"C\"");
        }
    }

    private static Object bound(Dialect d, String filter) {
        List<Object> params = new ArrayList<>();
        render(d, filter, params);
        return params.get(0);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tooManyInItemsOrANulCharacterAreA400(Dialect d) {
        String many = String.join(",", java.util.Collections.nCopies(QueryParser.MAX_IN_ITEMS + 1, "a"));
        assertThat(rejected(d, "id[in]" + many).code()).isEqualTo("INVALID_FILTER_VALUE");
        assertThat(rejected(d, "id[eq]a\u0000b").code()).isEqualTo("INVALID_FILTER_VALUE");
        assertThatThrownBy(() -> QueryParser.parseFilters(java.util.Collections.nCopies(QueryParser.MAX_FILTERS + 1,
                "id[eq]a"), FIELDS)).extracting("code").isEqualTo("INVALID_FILTER");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void jsonPathLeavesAreParametersAndNegationIsTwoValued(Dialect d) {
        List<Object> params = new ArrayList<>();
        String sql = render(d, "metadata[jsonpath]!($.a == 1) && $.b != \"x\"", params);
        assertThat(sql).startsWith("(NOT COALESCE(").contains(", FALSE)");
        if (d == Dialect.POSTGRES) {
            assertThat(params).containsExactly("strict $.\"a\" == 1",
                    "strict ($.\"b\".type() == \"string\" && $.\"b\" != \"x\")");
        }
    }
}
