package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.common.query.QueryParser;
import io.lamassu.testkit.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresListSqlTest extends ListSqlContractTest {
    @Override
    Database open() {
        return Database.postgres(TestDatabases.freshPostgres(), null, null, 2);
    }

    @Test
    void aCodePointDatabaseNeedsNoCollateClause() {
        // The test cluster is C.UTF-8 (glibc: code point order), so text indexes keep serving sorts.
        assertThat(db.textInCodePointOrder()).isTrue();
    }

    @Test
    void jsonPathEqualityIsServedByTheGinIndexUnlessNegated() {
        jdbc.update("CREATE INDEX IF NOT EXISTS items_metadata ON items USING GIN (metadata jsonb_path_ops)");
        String eq = "metadata[jsonpath]$.location == \"factory-floor-3\" && $.nested.rank == 2";
        assertThat(plan(eq)).contains("Bitmap Index Scan on items_metadata");
        assertThat(plan("metadata[jsonpath]$.floor == 1 || $.critical == true")).contains("items_metadata");
        assertThat(plan("metadata[jsonpath]!($.location == \"x\")")).doesNotContain("items_metadata");
    }

    @Test
    void aMetadataSortIsServedAtAnyDepthByTheIndexAdr0005Describes() {
        jdbc.update("CREATE INDEX IF NOT EXISTS items_meta_floor ON items ("
                + "(CASE jsonb_typeof(jsonb_path_query_first(metadata, 'strict $.\"floor\"', '{}', true))"
                + " WHEN 'number' THEN 0 WHEN 'string' THEN 1 WHEN 'boolean' THEN 2"
                + " WHEN 'array' THEN 3 WHEN 'object' THEN 3 END),"
                + " COALESCE(CAST(jsonb_path_query_first(metadata, 'strict $.\"floor\" ? (@.type() == \"number\")',"
                + " '{}', true) AS numeric), 0),"
                + " COALESCE(jsonb_path_query_first(metadata,"
                + " 'strict $.\"floor\" ? (@.type() == \"string\" || @.type() == \"boolean\")', '{}', true) #>> '{}', ''),"
                + " id)");
        var first = QueryParser.parse(Map.of("sort_by", List.of("metadata[jsonpath]$.floor"),
                "page_size", List.of("5")), FIELDS);
        String next = list.page(first, rs -> rs.getString("id")).next();
        var deeper = QueryParser.parse(Map.of("bookmark", List.of(next)), FIELDS);
        for (var q : List.of(first, deeper)) {
            Sql sql = list.firstQuery(q);
            String plan = jdbc.tx().inTransaction(() -> {
                jdbc.update("SET LOCAL enable_seqscan = off");
                return String.join("\n", jdbc.queryList("EXPLAIN " + sql.text(), rs -> rs.getString(1), sql.params()));
            });
            assertThat(plan).contains("Index Scan using items_meta_floor").contains("Index Cond").doesNotContain("Sort")
                    .doesNotContain("Filter");
        }
    }

    private String plan(String filter) {
        List<Object> params = new ArrayList<>();
        String where = list.where(QueryParser.parseFilters(List.of(filter), FIELDS), params);
        return jdbc.tx().inTransaction(() -> {
            jdbc.update("SET LOCAL enable_seqscan = off");
            return String.join("\n", jdbc.queryList("EXPLAIN SELECT id FROM items WHERE " + where,
                    rs -> rs.getString(1), params));
        });
    }
}
