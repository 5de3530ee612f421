package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cases issue 7 found, on SQLite and PostgreSQL: keyset paging over a NULL-able sort column,
 * the JSONPath meanings that differed between the databases, and bookmarks a client altered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ListEdgeCasesContractTest {
    static final FieldSet FIELDS = FieldSet.builder("serial")
            .add("serial", FieldType.STRING, "serial")
            .add("revoked_at", FieldType.DATE, "revoked_at")
            .add("reason", FieldType.STRING, "reason")
            .add("metadata", FieldType.JSON, "metadata")
            .defaultSort("serial")
            .build();

    Database db;
    Jdbc jdbc;
    ListSql list;

    abstract Database open();

    @BeforeAll
    void setUp() {
        db = open();
        jdbc = new Jdbc(new Tx(db));
        String json = db.dialect() == Dialect.POSTGRES ? "jsonb" : "TEXT";
        jdbc.update("CREATE TABLE certs (serial TEXT PRIMARY KEY, revoked_at BIGINT, reason TEXT, metadata " + json
                + " NOT NULL)");
        String p = jdbc.dialect().jsonParam();
        Object[][] rows = {
            {"01", null, null, "{\"x\": null, \"tags\": [\"a\"]}"},
            {"02", 200L, "keyCompromise", "{\"x\": 5}"},
            {"03", null, "superseded", "{\"x\": 6, \"tags\": \"a\"}"},
            {"04", 100L, null, "{}"},
            {"05", null, null, "{\"x\": \"5\", \"tags\": [[\"a\"]]}"},
            {"06", 200L, "keyCompromise", "{\"x\": [5]}"},
        };
        for (Object[] r : rows) {
            jdbc.update("INSERT INTO certs VALUES (?, ?, ?, " + p + ")", r);
        }
        list = new ListSql(jdbc, "certs", FIELDS);
    }

    @AfterAll
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    List<String> all(Map<String, List<String>> params, int pageSize) {
        List<String> out = new ArrayList<>();
        Map<String, List<String>> p = new HashMap<>(params);
        p.put("page_size", List.of(Integer.toString(pageSize)));
        while (true) {
            Page<String> page = page(p);
            out.addAll(page.list());
            if (page.next().isEmpty()) {
                return out;
            }
            p = Map.of("bookmark", List.of(page.next()));
        }
    }

    Page<String> page(Map<String, List<String>> params) {
        return list.page(QueryParser.parse(params, FIELDS), rs -> rs.getString("serial"));
    }

    List<String> filtered(String jsonPath) {
        return all(Map.of("filter", List.of("metadata[jsonpath]" + jsonPath)), 2);
    }

    @Test
    void pagingByANullableColumnReturnsEveryRowOnceWithNullsLastAscendingAndFirstDescending() {
        for (int size = 1; size <= 7; size++) {
            assertThat(all(Map.of("sort_by", List.of("revoked_at")), size)).as("page size %d", size)
                    .containsExactly("04", "02", "06", "01", "03", "05");
            assertThat(all(Map.of("sort_by", List.of("revoked_at"), "sort_mode", List.of("desc")), size))
                    .containsExactly("05", "03", "01", "06", "02", "04");
            assertThat(all(Map.of("sort_by", List.of("reason")), size))
                    .containsExactly("02", "06", "03", "01", "04", "05");
        }
    }

    @Test
    void sortingByAJsonPathOrdersTypesThenValuesWithMissingAndNullLast() {
        // numbers (5, 6), strings ("5"), arrays ([5]), then missing key or JSON null, each tie by key
        assertThat(all(Map.of("sort_by", List.of("metadata[jsonpath]$.x")), 2))
                .containsExactly("02", "03", "05", "06", "01", "04");
        assertThat(all(Map.of("sort_by", List.of("metadata[jsonpath]$.x"), "sort_mode", List.of("desc")), 4))
                .containsExactly("04", "01", "06", "05", "03", "02");
    }

    @Test
    void notEqualsNullMeansPresentAndNotNull() {
        assertThat(filtered("$.x != null")).containsExactly("02", "03", "05", "06");
        assertThat(filtered("$.x == null")).containsExactly("01");
    }

    @Test
    void comparisonsHoldOnlyForValuesOfTheLiteralsType() {
        assertThat(filtered("$.x != 5")).containsExactly("03");
        assertThat(filtered("$.x == 5")).containsExactly("02");
        assertThat(filtered("$.x == \"5\"")).containsExactly("05");
        assertThat(filtered("$.x >= 5")).containsExactly("02", "03");
    }

    @Test
    void arraysAreNeverUnwrapped() {
        assertThat(filtered("$.tags == \"a\"")).containsExactly("03");
        assertThat(filtered("$.tags[0] == \"a\"")).containsExactly("01");
        assertThat(filtered("$.x[0] == 5")).containsExactly("06");
    }

    @Test
    void negationSelectsExactlyTheOtherRowsEvenOverMissingKeys() {
        assertThat(filtered("!($.x == 5)")).containsExactly("01", "03", "04", "05", "06");
        assertThat(filtered("!(exists($.x))")).containsExactly("04");
        assertThat(filtered("!($.x != null) && !(!(exists($.tags)))")).containsExactly("01");
    }

    @Test
    void aNullColumnMatchesNoOperatorOnEitherDatabase() {
        assertThat(all(Map.of("filter", List.of("revoked_at[bf]1970-01-02")), 2)).containsExactly("02", "04", "06");
        assertThat(all(Map.of("filter", List.of("revoked_at[af]1970-01-01")), 2)).containsExactly("02", "04", "06");
        assertThat(all(Map.of("filter", List.of("revoked_at[eq]1970-01-01")), 2)).containsExactly("02", "04", "06");
        assertThat(all(Map.of("filter", List.of("reason[ne]keyCompromise")), 2)).containsExactly("03");
        assertThat(all(Map.of("filter", List.of("reason[nin]keyCompromise")), 2)).containsExactly("03");
        assertThat(all(Map.of("filter", List.of("reason[nc_ic]KEY")), 2)).containsExactly("03");
        assertThat(all(Map.of("filter", List.of("reason[nin],")), 2)).hasSize(6);
    }

    @Test
    void anExplicitPageSizeBesideABookmarkWins() {
        Page<String> first = page(Map.of("page_size", List.of("2")));
        Page<String> next = page(Map.of("bookmark", List.of(first.next()), "page_size", List.of("3")));
        assertThat(next.list()).containsExactly("03", "04", "05");
        assertThat(page(Map.of("bookmark", List.of(first.next()))).list()).containsExactly("03", "04");
        Page<String> sameAsDefault = page(Map.of("bookmark", List.of(first.next()), "page_size", List.of("25")));
        assertThat(sameAsDefault.list()).containsExactly("03", "04", "05", "06");
    }

    @Test
    void everyAlteredBookmarkIsA400() {
        ListQuery q = QueryParser.parse(Map.of("sort_by", List.of("revoked_at"), "page_size", List.of("2")), FIELDS);
        String good = list.page(q, rs -> rs.getString("serial")).next();
        List<String> parts = decode(good);
        List<String> bad = new ArrayList<>(List.of("%%%garbage", "....", good.substring(0, good.lastIndexOf('.')),
                good + "==", "x".repeat(20_000)));
        bad.add(with(parts, 0, "v1"));
        bad.add(with(parts, 1, "revoked_at"));
        bad.add(with(parts, 1, "nope asc"));
        bad.add(with(parts, 1, "metadata asc"));
        bad.add(with(parts, 2, "0"));
        bad.add(with(parts, 2, "99999999999"));
        for (String cursor : List.of("s:abc", "n:abc", "n:1e999999999", "n:" + "9".repeat(2000), "j0:1", "", "zz",
                "n:NaN", "n:0x10")) {
            bad.add(with(parts, 3, cursor));
        }
        bad.add(with(parts, 4, "a\u0000b"));
        List<String> filtered = new ArrayList<>(parts);
        filtered.add("nope[eq]1");
        bad.add(encode(filtered));
        List<String> accepted = new ArrayList<>();
        for (String b : bad) {
            try {
                page(Map.of("bookmark", List.of(b)));
                accepted.add(b.contains("%") ? b : String.join(" | ", decode(b)));
            } catch (LamassuException e) {
                assertThat(e.code()).as(b).isEqualTo("INVALID_BOOKMARK");
            }
        }
        assertThat(accepted).isEmpty();
    }

    @Test
    void aBookmarkWithOtherFiltersOrAnotherSortBesideItIsA400() {
        String next = page(Map.of("filter", List.of("reason[eq]keyCompromise"), "page_size", List.of("1"))).next();
        assertThatThrownBy(() -> page(Map.of("bookmark", List.of(next), "filter", List.of("reason[eq]superseded"))))
                .extracting("code").isEqualTo("INVALID_BOOKMARK");
        assertThatThrownBy(() -> page(Map.of("bookmark", List.of(next), "sort_by", List.of("revoked_at"))))
                .extracting("code").isEqualTo("INVALID_BOOKMARK");
        assertThatThrownBy(() -> page(Map.of("bookmark", List.of(next), "sort_mode", List.of("desc"))))
                .extracting("code").isEqualTo("INVALID_BOOKMARK");
        assertThat(page(Map.of("bookmark", List.of(next), "filter", List.of("reason[eq]keyCompromise"),
                "sort_by", List.of("serial"), "sort_mode", List.of("asc"))).list()).containsExactly("06");
    }

    @Test
    void aTamperedCursorOfTheRightTypeOnlyMovesThePosition() {
        List<String> parts = decode(page(Map.of("sort_by", List.of("revoked_at"), "page_size", List.of("1"))).next());
        assertThat(page(Map.of("bookmark", List.of(with(parts, 3, "n:150")))).list()).containsExactly("02");
        assertThat(page(Map.of("bookmark", List.of(with(parts, 3, "n:-99999999999999999999")))).list())
                .containsExactly("04");
        assertThat(page(Map.of("bookmark", List.of(with(parts, 3, "z")))).list()).containsExactly("05");
        // SQLite can hold an infinite REAL, so there it is a position after every number; PostgreSQL refuses it.
        try {
            assertThat(page(Map.of("bookmark", List.of(with(parts, 3, "n:Infinity")))).list()).containsExactly("01");
        } catch (LamassuException e) {
            assertThat(e.code()).isEqualTo("INVALID_BOOKMARK");
        }
    }

    static List<String> decode(String bookmark) {
        List<String> out = new ArrayList<>();
        for (String p : bookmark.split("\\.", -1)) {
            out.add(new String(Base64.getUrlDecoder().decode(p), StandardCharsets.UTF_8));
        }
        return out;
    }

    static String with(List<String> parts, int i, String value) {
        List<String> copy = new ArrayList<>(parts);
        copy.set(i, value);
        return encode(copy);
    }

    static String encode(List<String> parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(p.getBytes(StandardCharsets.UTF_8)));
        }
        return String.join(".", out);
    }
}
