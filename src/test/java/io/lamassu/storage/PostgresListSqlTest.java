package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.common.query.QueryParser;
import io.lamassu.testkit.TestDatabases;
import java.util.ArrayList;
import java.util.List;
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
