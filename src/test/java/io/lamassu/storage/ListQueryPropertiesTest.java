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
import io.lamassu.testkit.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated data, filters and sorts, run on SQLite and PostgreSQL (a C.UTF-8 database and an ICU
 * en-US one, whose own text order differs from code point order) and compared row for row with
 * {@link QueryModel}, the plain-Java statement of ADR 0005. Without {@code -Dlamassu.test.pg}
 * only SQLite runs (CI always sets it).
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

    @BeforeContainer
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

    @AfterContainer
    static void close() {
        TARGETS.forEach(t -> t.db().close());
        TARGETS.clear();
    }

    @Property(tries = 70)
    void jsonPathFiltersAndTheirNegationSelectTheModelsRowsEverywhere(@ForAll("rows") List<Row> rows,
                                                                      @ForAll("predicates") String expr) {
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

    @Property(tries = 60)
    void columnFiltersSelectTheModelsRowsEverywhere(@ForAll("rows") List<Row> rows,
                                                    @ForAll("columnFilters") List<String> filter) {
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

    @Property(tries = 70)
    void pagingThroughAnySortReturnsEveryRowOnceInTheModelsOrder(
            @ForAll("rows") List<Row> rows, @ForAll("sorts") String sortBy, @ForAll boolean desc,
            @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 6) Integer> pageSizes) {
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

    @Provide
    Arbitrary<List<Row>> rows() {
        Arbitrary<String> ids = Arbitraries.of("a", "B", "é", "Ａ", "😀", "-", "0").list().ofMinSize(1).ofMaxSize(3)
                .map(l -> String.join("", l));
        Arbitrary<String> s = Arbitraries.of(STRINGS).injectNull(0.25);
        Arbitrary<Long> n = Arbitraries.longs().between(-3, 3).injectNull(0.25);
        return Combinators.combine(ids, s, n, object(2).injectNull(0.05)).as(Row::new)
                .list().ofMaxSize(12).uniqueElements(Row::id);
    }

    private Arbitrary<JsonNode> scalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just((JsonNode) NullNode.instance)),
                Tuple.of(2, Arbitraries.of(true, false).map(b -> (JsonNode) BooleanNode.valueOf(b))),
                Tuple.of(3, Arbitraries.of(NUMBERS).map(x -> (JsonNode) DecimalNode.valueOf(new BigDecimal(x)))),
                Tuple.of(3, Arbitraries.of(STRINGS).map(x -> (JsonNode) TextNode.valueOf(x))));
    }

    private Arbitrary<JsonNode> value(int depth) {
        if (depth == 0) {
            return scalar();
        }
        return Arbitraries.frequencyOf(Tuple.of(6, scalar()), Tuple.of(1, object(depth - 1)),
                Tuple.of(1, value(depth - 1).list().ofMaxSize(3).map(ListQueryPropertiesTest::array)));
    }

    private Arbitrary<JsonNode> object(int depth) {
        Arbitrary<JsonNode> v = value(depth).injectNull(0.35); // null: the key is missing
        return Combinators.combine(v, v, v).as((a, b, c) -> {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            if (a != null) {
                o.set("a", a);
            }
            if (b != null) {
                o.set("b", b);
            }
            if (c != null) {
                o.set("c", c);
            }
            return o;
        });
    }

    private static JsonNode array(List<JsonNode> items) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        items.forEach(a::add);
        return a;
    }

    private static final List<String> PATHS = List.of("$.a", "$.b", "$.c", "$.a.b", "$.a[0]", "$.b[1]", "$.\"c\"",
            "$.a.a.c");

    @Provide
    Arbitrary<String> predicates() {
        return predicate(3);
    }

    private Arbitrary<String> predicate(int depth) {
        Arbitrary<String> leaf = Arbitraries.frequencyOf(Tuple.of(5, comparison()),
                Tuple.of(1, Arbitraries.of(PATHS).map(p -> "exists(" + p + ")")));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> inner = predicate(depth - 1);
        return Arbitraries.frequencyOf(Tuple.of(4, leaf),
                Tuple.of(1, inner.map(p -> "!(" + p + ")")),
                Tuple.of(1, Combinators.combine(inner, inner).as((a, b) -> "(" + a + " && " + b + ")")),
                Tuple.of(1, Combinators.combine(inner, inner).as((a, b) -> "(" + a + " || " + b + ")")));
    }

    private Arbitrary<String> comparison() {
        Arbitrary<String> literal = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of("null", "true", "false")),
                Tuple.of(3, Arbitraries.of("-1", "0", "1", "1.5", "2", "1000", "-0.5")),
                Tuple.of(3, Arbitraries.of(STRINGS).map(JsonPathSql::jsonString)));
        Arbitrary<String> op = Arbitraries.of("==", "!=", "<", "<=", ">", ">=");
        return Combinators.combine(Arbitraries.of(PATHS), op, literal, Arbitraries.of(true, false))
                .as((path, o, lit, literalFirst) -> {
                    boolean ordering = !o.equals("==") && !o.equals("!=");
                    String safeOp = ordering && (lit.equals("null") || lit.equals("true") || lit.equals("false"))
                            ? "!=" : o;
                    return literalFirst ? lit + " " + safeOp + " " + path : path + " " + safeOp + " " + lit;
                });
    }

    @Provide
    Arbitrary<List<String>> columnFilters() {
        Arbitrary<String> text = Arbitraries.of(STRINGS.stream().filter(x -> !x.isEmpty()).toList());
        Arbitrary<List<String>> onS = Combinators.combine(
                Arbitraries.of("eq", "ne", "eq_ic", "ne_ic", "ct", "ct_ic", "nc", "nc_ic"), text)
                .as((o, v) -> List.of("s", o, v));
        Arbitrary<List<String>> inS = Combinators.combine(Arbitraries.of("in", "in_ic", "nin", "nin_ic"),
                text.list().ofMaxSize(3)).as((o, v) -> List.of("s", o, String.join(",", v)));
        Arbitrary<List<String>> onN = Combinators.combine(Arbitraries.of("eq", "ne", "lt", "le", "gt", "ge"),
                Arbitraries.of("-2", "0", "1", "1.5", "3", "-0.5")).as((o, v) -> List.of("n", o, v));
        return Arbitraries.oneOf(onS, inS, onN);
    }

    @Provide
    Arbitrary<String> sorts() {
        return Arbitraries.of("id", "s", "n", "m[jsonpath]$.a", "m[jsonpath]$.b", "m[jsonpath]$.a.b",
                "m[jsonpath]$.c[0]");
    }
}
