package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.common.Page;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One scenario set for the shared list engine, run on SQLite and PostgreSQL: every filter type
 * returns the same rows on both, and keyset pages cover every row exactly once in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one database per class: the tests only read, or undo what they add
abstract class ListSqlContractTest {
    static final FieldSet FIELDS = FieldSet.builder("id")
            .add("id", FieldType.STRING, "id")
            .add("status", FieldType.ENUM, "status")
            .add("tags", FieldType.STRING_ARRAY, "tags")
            .add("created", FieldType.DATE, "created")
            .add("size", FieldType.NUMBER, "size")
            .add("metadata", FieldType.JSON, "metadata")
            .defaultSort("created")
            .build();
    static final long DAY = 86_400_000L;
    static final long BASE = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    Database db;
    Jdbc jdbc;
    ListSql list;

    abstract Database open();

    record Row(String id, String status, List<String> tags, long created, int size, String location, Integer floor,
               Boolean critical) {
    }

    final List<Row> rows = new ArrayList<>();

    @BeforeAll
    void setUp() {
        db = open();
        jdbc = new Jdbc(new Tx(db));
        String json = db.dialect() == Dialect.POSTGRES ? "jsonb" : "TEXT";
        jdbc.update("CREATE TABLE items (id TEXT PRIMARY KEY, status TEXT NOT NULL, tags " + json + " NOT NULL,"
                + " created BIGINT NOT NULL, size INTEGER NOT NULL, metadata " + json + " NOT NULL)");
        for (int i = 0; i < 60; i++) {
            Row r = new Row(String.format("dev-%03d", i), i % 3 == 0 ? "ACTIVE" : i % 3 == 1 ? "REVOKED" : "EXPIRED",
                    i % 2 == 0 ? List.of("sensor", "Production") : List.of("gateway"),
                    BASE + (i % 20) * DAY, i * 10, i % 4 == 0 ? "factory-floor-3" : "warehouse-" + (i % 4),
                    i % 5 == 0 ? null : i % 7, i % 6 == 0 ? Boolean.TRUE : i % 6 == 1 ? Boolean.FALSE : null);
            rows.add(r);
            insert(r);
        }
        list = new ListSql(jdbc, "items", FIELDS);
    }

    private void insert(Row r) {
        StringBuilder meta = new StringBuilder("{\"location\":\"" + r.location() + "\"");
        if (r.floor() != null) {
            meta.append(",\"floor\":").append(r.floor());
        }
        if (r.critical() != null) {
            meta.append(",\"critical\":").append(r.critical());
        }
        meta.append(",\"nested\":{\"rank\":").append(r.size() % 7).append("}}");
        String tags = "[\"" + String.join("\",\"", r.tags()) + "\"]";
        String p = jdbc.dialect().jsonParam();
        jdbc.update("INSERT INTO items VALUES (?, ?, " + p + ", ?, ?, " + p + ")", r.id(), r.status(), tags,
                r.created(), r.size(), meta.toString());
    }

    @AfterAll
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    List<String> ids(Map<String, List<String>> params) {
        List<String> out = new ArrayList<>();
        Map<String, List<String>> p = new HashMap<>(params);
        p.put("page_size", List.of("7"));
        while (true) {
            ListQuery q = QueryParser.parse(p, FIELDS);
            Page<String> page = list.page(q, rs -> rs.getString("id"));
            out.addAll(page.list());
            if (page.next().isEmpty()) {
                return out;
            }
            p = Map.of("bookmark", List.of(page.next()));
        }
    }

    List<String> filtered(String filter) {
        return ids(Map.of("filter", List.of(filter), "sort_by", List.of("id")));
    }

    List<String> expected(Predicate<Row> p) {
        return rows.stream().filter(p).map(Row::id).sorted().toList();
    }

    @Test
    void pagesCoverEveryRowOnceInDefaultOrder() {
        List<String> got = ids(Map.of());
        List<String> want = rows.stream()
                .sorted((a, b) -> a.created() != b.created() ? Long.compare(a.created(), b.created()) : a.id().compareTo(b.id()))
                .map(Row::id).toList();
        assertThat(got).containsExactlyElementsOf(want);
    }

    @Test
    void descendingSortAndPagingAgree() {
        List<String> got = ids(Map.of("sort_by", List.of("size"), "sort_mode", List.of("desc")));
        assertThat(got).containsExactlyElementsOf(
                rows.stream().sorted((a, b) -> Integer.compare(b.size(), a.size())).map(Row::id).toList());
    }

    @Test
    void stringAndEnumOperators() {
        assertThat(filtered("status[eq]ACTIVE")).isEqualTo(expected(r -> r.status().equals("ACTIVE")));
        assertThat(filtered("status[ne]ACTIVE")).isEqualTo(expected(r -> !r.status().equals("ACTIVE")));
        assertThat(filtered("status[in]ACTIVE,EXPIRED")).isEqualTo(expected(r -> !r.status().equals("REVOKED")));
        assertThat(filtered("id[ct]-01")).isEqualTo(expected(r -> r.id().contains("-01")));
        assertThat(filtered("id[ct_ic]DEV-02")).isEqualTo(expected(r -> r.id().startsWith("dev-02")));
        assertThat(filtered("id[nc]-0")).isEqualTo(expected(r -> !r.id().contains("-0")));
        assertThat(filtered("id[eq_ic]DEV-005")).containsExactly("dev-005");
        assertThat(filtered("id[ct]%")).isEmpty();
    }

    @Test
    void stringArrayContains() {
        assertThat(filtered("tags[contains]sensor")).isEqualTo(expected(r -> r.tags().contains("sensor")));
        assertThat(filtered("tags[ct]production")).isEmpty();
        assertThat(filtered("tags[ct_ic]production")).isEqualTo(expected(r -> r.tags().contains("Production")));
    }

    @Test
    void dateAndNumberOperators() {
        assertThat(filtered("created[eq]2026-01-03")).isEqualTo(expected(r -> r.created() == BASE + 2 * DAY));
        assertThat(filtered("created[bf]2026-01-03")).isEqualTo(expected(r -> r.created() < BASE + 2 * DAY));
        assertThat(ids(Map.of("filter", List.of("created[af]2026-01-05T00:00:00Z", "created[bf]2026-01-08"),
                "sort_by", List.of("id"))))
                .isEqualTo(expected(r -> r.created() > BASE + 4 * DAY && r.created() < BASE + 7 * DAY));
        assertThat(filtered("size[ge]300")).isEqualTo(expected(r -> r.size() >= 300));
        assertThat(filtered("size[lt]30")).isEqualTo(expected(r -> r.size() < 30));
    }

    @Test
    void jsonPathFiltersGiveTheSameRowsOnEveryDatabase() {
        assertThat(filtered("metadata[jsonpath]$.location == \"factory-floor-3\""))
                .isEqualTo(expected(r -> r.location().equals("factory-floor-3")));
        assertThat(filtered("metadata[jsonpath]$.location != \"factory-floor-3\""))
                .isEqualTo(expected(r -> !r.location().equals("factory-floor-3")));
        assertThat(filtered("metadata[jsonpath]$.floor > 3"))
                .isEqualTo(expected(r -> r.floor() != null && r.floor() > 3));
        assertThat(filtered("metadata[jsonpath]$.critical == true"))
                .isEqualTo(expected(r -> Boolean.TRUE.equals(r.critical())));
        assertThat(filtered("metadata[jsonpath]exists($.critical)"))
                .isEqualTo(expected(r -> r.critical() != null));
        assertThat(filtered("metadata[jsonpath]$.floor == 1 || $.nested.rank == 2"))
                .isEqualTo(expected(r -> (r.floor() != null && r.floor() == 1) || r.size() % 7 == 2));
        assertThat(filtered("metadata[jsonpath]$.floor == \"1\"")).isEmpty();
    }

    @Test
    void sortByJsonPathPagesThroughEveryRow() {
        List<String> got = ids(Map.of("sort_by", List.of("metadata[jsonpath]$.floor")));
        assertThat(got).hasSize(rows.size()).doesNotHaveDuplicates();
        List<Integer> floors = got.stream().map(id -> rows.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow().floor()).filter(java.util.Objects::nonNull).toList();
        assertThat(floors).isSorted();
    }

    @Test
    void keysetIsStableUnderConcurrentInserts() {
        ListQuery q = QueryParser.parse(Map.of("sort_by", List.of("id"), "page_size", List.of("10")), FIELDS);
        Page<String> first = list.page(q, rs -> rs.getString("id"));
        insert(new Row("dev-000a", "ACTIVE", List.of("x"), BASE, 1, "x", 1, null));
        try {
            Page<String> second = list.page(QueryParser.parse(Map.of("bookmark", List.of(first.next())), FIELDS),
                    rs -> rs.getString("id"));
            assertThat(second.list()).doesNotContainAnyElementsOf(first.list());
            assertThat(second.list().get(0)).isEqualTo("dev-010");
        } finally {
            jdbc.update("DELETE FROM items WHERE id = 'dev-000a'");
        }
    }
}
