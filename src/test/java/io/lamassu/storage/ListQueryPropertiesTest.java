package io.lamassu.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.lamassu.common.Page;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.FieldType;
import io.lamassu.common.query.JsonPathPredicate;
import io.lamassu.common.query.QueryParser;
import io.lamassu.storage.QueryModel.Row;
import io.lamassu.testkit.Gen;
import io.lamassu.testkit.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated data, filters and sorts, run on SQLite and PostgreSQL (a C.UTF-8 database and an ICU
 * en-US one, whose own text order differs from code point order) and compared row for row with
 * {@link QueryModel}, the plain-Java statement of ADR 0005. Without {@code -Dlamassu.test.pg}
 * only SQLite runs (CI always sets it). Each try has its own seed ({@link Gen}); a failure names it.
 */
class ListQueryPropertiesTest {
    static final FieldSet FIELDS = FieldSet.builder("id")
            .add("id", FieldType.STRING, "id")
            .add("s", FieldType.STRING, "s")
            .add("n", FieldType.NUMBER, "n")
            .add("m", FieldType.JSON, "m")
            .defaultSort("id")
            .build();
    static final List<String> STRINGS = List.of("", "a", "A", "ab", "b", "é", "Ａ", "😀", "a b", "1", "true", "null");
    static final List<String> NUMBERS = List.of("-2", "0", "1", "1.5", "2.0", "1E+3", "-0.5", "3");
    static final ObjectMapper JSON = new ObjectMapper();

    record Target(String name, Database db, Jdbc jdbc, ListSql list) {
        List<String> ids(Map<String, List<String>> params, List<Integer> pageSizes) {
            List<String> out = new ArrayList<>();
            Map<String, List<String>> p = new HashMap<>(params);
            for (int page = 0; ; page++) {
                p.put("page_size", List.of(Integer.toString(pageSizes.get(page % pageSizes.size()))));
                Page<String> got = list.page(QueryParser.parse(p, FIELDS), rs -> rs.getString("id"));
                out.addAll(got.list());
                if (got.next().isEmpty() || page > 200) {
                    return out;
                }
                p = new HashMap<>(Map.of("bookmark", List.of(got.next())));
            }
        }
    }

    static final List<Target> TARGETS = new ArrayList<>();

    @BeforeAll
    static void open() throws IOException {
        TARGETS.add(target("sqlite", Database.sqlite(Files.createTempDirectory("props").resolve("t.db"))));
        if (TestDatabases.postgresEnabled()) {
            TARGETS.add(target("postgres", Database.postgres(TestDatabases.freshPostgres(), null, null, 2)));
            TARGETS.add(target("postgres-icu", Database.postgres(TestDatabases.freshPostgres(
                    "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"), null, null, 2)));
        }
    }

    private static Target target(String name, Database db) {
        Jdbc jdbc = new Jdbc(new Tx(db));
        String json = db.dialect() == Dialect.POSTGRES ? "jsonb" : "TEXT";
        jdbc.update("CREATE TABLE prop_items (id TEXT PRIMARY KEY, s TEXT, n BIGINT, m " + json + ")");
        jdbc.update("CREATE INDEX prop_items_n ON prop_items (n, id)");
        return new Target(name, db, jdbc, new ListSql(jdbc, "prop_items", FIELDS));
    }

    @AfterAll
    static void close() {
        TARGETS.forEach(t -> t.db().close());
        TARGETS.clear();
    }

    @Test
    void jsonPathFiltersAndTheirNegationSelectTheModelsRowsEverywhere() {
        Gen.forAll(70, g -> jsonPathFilters(rows(g), predicate(g, 3)));
    }

    private static void jsonPathFilters(List<Row> rows, String expr) {
        load(rows);
        for (String e : List.of(expr, "!(" + expr + ")")) {
            JsonPathPredicate p = JsonPathPredicate.parse(e);
            List<String> want = expected(rows, r -> QueryModel.matches(r.m(), p)); // SQL NULL: every key missing
            for (Target t : TARGETS) {
                assertThat(t.ids(Map.of("filter", List.of("m[jsonpath]" + e)), List.of(4)))
                        .as("%s: %s over %s", t.name(), e, rows).isEqualTo(want);
            }
        }
    }

    @Test
    void columnFiltersSelectTheModelsRowsEverywhere() {
        Gen.forAll(60, g -> columnFilters(rows(g), columnFilter(g)));
    }

    private static void columnFilters(List<Row> rows, List<String> filter) {
        load(rows);
        String field = filter.get(0);
        String op = filter.get(1);
        String value = filter.get(2);
        List<String> want = expected(rows, r -> QueryModel.matchesColumn(r, field, op, value));
        for (Target t : TARGETS) {
            assertThat(t.ids(Map.of("filter", List.of(field + "[" + op + "]" + value)), List.of(5)))
                    .as("%s: %s[%s]%s over %s", t.name(), field, op, value, rows).isEqualTo(want);
        }
    }

    @Test
    void pagingThroughAnySortReturnsEveryRowOnceInTheModelsOrder() {
        Gen.forAll(70, g -> paging(rows(g), sort(g), g.bool(), g.list(1, 3, x -> x.between(1, 6))));
    }

    private static void paging(List<Row> rows, String sortBy, boolean desc, List<Integer> pageSizes) {
        load(rows);
        List<String> want = QueryModel.sorted(rows, sortBy, desc);
        Map<String, List<String>> params = Map.of("sort_by", List.of(sortBy), "sort_mode", List.of(desc ? "desc" : "asc"));
        for (Target t : TARGETS) {
            assertThat(t.ids(params, pageSizes)).as("%s: %s %s, pages of %s over %s", t.name(), sortBy,
                    desc ? "desc" : "asc", pageSizes, rows).isEqualTo(want);
        }
    }

    private static List<String> expected(List<Row> rows, Predicate<Row> p) {
        return rows.stream().filter(p).map(Row::id).sorted(QueryModel.CODE_POINT).toList();
    }

    private static void load(List<Row> rows) {
        for (Target t : TARGETS) {
            String p = t.jdbc().dialect().jsonParam();
            List<Object> params = new ArrayList<>();
            StringBuilder values = new StringBuilder();
            for (Row r : rows) {
                values.append(values.length() == 0 ? "" : ", ").append("(?, ?, ?, ").append(p).append(')');
                params.addAll(java.util.Arrays.asList(r.id(), r.s(), r.n(), json(r.m())));
            }
            t.jdbc().tx().run(() -> {
                t.jdbc().update("DELETE FROM prop_items");
                if (!rows.isEmpty()) {
                    t.jdbc().update("INSERT INTO prop_items VALUES " + values, params.toArray());
                }
            });
        }
    }

    private static String json(JsonNode m) {
        try {
            return m == null ? null : JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- generators ----

    private static List<Row> rows(Gen g) {
        List<Row> out = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = g.between(0, 12); i > 0; i--) {
            String id = String.join("", g.list(1, 3, x -> x.of("a", "B", "é", "Ａ", "😀", "-", "0")));
            if (ids.add(id)) {
                out.add(new Row(id, g.orNull(0.25, x -> x.of(STRINGS)), g.orNull(0.25, x -> (long) x.between(-3, 3)),
                        g.orNull(0.05, x -> object(x, 2))));
            }
        }
        return out;
    }

    private static JsonNode scalar(Gen g) {
        return g.weighted(
                1, (Function<Gen, JsonNode>) x -> NullNode.instance,
                2, (Function<Gen, JsonNode>) x -> BooleanNode.valueOf(x.bool()),
                3, (Function<Gen, JsonNode>) x -> DecimalNode.valueOf(new BigDecimal(x.of(NUMBERS))),
                3, (Function<Gen, JsonNode>) x -> TextNode.valueOf(x.of(STRINGS)));
    }

    private static JsonNode value(Gen g, int depth) {
        if (depth == 0) {
            return scalar(g);
        }
        return g.weighted(6, (Function<Gen, JsonNode>) ListQueryPropertiesTest::scalar,
                1, (Function<Gen, JsonNode>) x -> object(x, depth - 1),
                1, (Function<Gen, JsonNode>) x -> array(x.list(0, 3, y -> value(y, depth - 1))));
    }

    private static JsonNode object(Gen g, int depth) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (String key : List.of("a", "b", "c")) {
            JsonNode v = g.orNull(0.35, x -> value(x, depth)); // null: the key is missing
            if (v != null) {
                o.set(key, v);
            }
        }
        return o;
    }

    private static JsonNode array(List<JsonNode> items) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        items.forEach(a::add);
        return a;
    }

    private static final List<String> PATHS = List.of("$.a", "$.b", "$.c", "$.a.b", "$.a[0]", "$.b[1]", "$.\"c\"",
            "$.a.a.c");

    private static String predicate(Gen g, int depth) {
        Function<Gen, String> leaf = x -> x.weighted(5, (Function<Gen, String>) ListQueryPropertiesTest::comparison,
                1, (Function<Gen, String>) y -> "exists(" + y.of(PATHS) + ")");
        if (depth == 0) {
            return leaf.apply(g);
        }
        return g.weighted(4, leaf,
                1, (Function<Gen, String>) x -> "!(" + predicate(x, depth - 1) + ")",
                1, (Function<Gen, String>) x -> "(" + predicate(x, depth - 1) + " && " + predicate(x, depth - 1) + ")",
                1, (Function<Gen, String>) x -> "(" + predicate(x, depth - 1) + " || " + predicate(x, depth - 1) + ")");
    }

    private static String comparison(Gen g) {
        String lit = g.weighted(1, (Function<Gen, String>) x -> x.of("null", "true", "false"),
                3, (Function<Gen, String>) x -> x.of("-1", "0", "1", "1.5", "2", "1000", "-0.5"),
                3, (Function<Gen, String>) x -> JsonPathSql.jsonString(x.of(STRINGS)));
        String path = g.of(PATHS);
        String o = g.of("==", "!=", "<", "<=", ">", ">=");
        boolean ordering = !o.equals("==") && !o.equals("!=");
        String safeOp = ordering && (lit.equals("null") || lit.equals("true") || lit.equals("false")) ? "!=" : o;
        return g.bool() ? lit + " " + safeOp + " " + path : path + " " + safeOp + " " + lit;
    }

    private static List<String> columnFilter(Gen g) {
        List<String> text = STRINGS.stream().filter(x -> !x.isEmpty()).toList();
        return g.weighted(
                1, (Function<Gen, List<String>>) x -> List.of("s",
                        x.of("eq", "ne", "eq_ic", "ne_ic", "ct", "ct_ic", "nc", "nc_ic"), x.of(text)),
                1, (Function<Gen, List<String>>) x -> List.of("s", x.of("in", "in_ic", "nin", "nin_ic"),
                        String.join(",", x.list(0, 3, y -> y.of(text)))),
                1, (Function<Gen, List<String>>) x -> List.of("n", x.of("eq", "ne", "lt", "le", "gt", "ge"),
                        x.of("-2", "0", "1", "1.5", "3", "-0.5")));
    }

    private static String sort(Gen g) {
        return g.of("id", "s", "n", "m[jsonpath]$.a", "m[jsonpath]$.b", "m[jsonpath]$.a.b", "m[jsonpath]$.c[0]");
    }
}
