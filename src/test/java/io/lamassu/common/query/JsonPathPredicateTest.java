package io.lamassu.common.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonPathPredicateTest {
    @Test
    void parsesSeedLocationExample() {
        JsonPathPredicate p = JsonPathPredicate.parse("$.location == \"factory-floor-3\"");
        assertThat(p).isInstanceOf(JsonPathPredicate.Compare.class);
        assertThat(p.text()).isEqualTo("$.\"location\" == \"factory-floor-3\"");
    }

    @Test
    void parsesBooleanCombinationsExistsAndIndexes() {
        JsonPathPredicate p = JsonPathPredicate.parse(
                "($.a.b > 1 && exists($.c)) || !($.d[0] == true) || 5 <= $.n");
        assertThat(p).isInstanceOf(JsonPathPredicate.Or.class);
        assertThat(p.text()).contains("$.\"d\"[0] == true").contains("$.\"n\" >= 5");
    }

    @Test
    void quotesKeysSoTheyCannotInjectSyntax() {
        JsonPathPredicate p = JsonPathPredicate.parse("$.\"we\\\"ird\" == \"x\"");
        assertThat(p.text()).isEqualTo("$.\"we\\\"ird\" == \"x\"");
    }

    @Test
    void rejectsUnsupportedExpressionsWithA400() {
        for (String bad : new String[] {"", "location == 1", "$.a ==", "$.a == 'single'", "$.a like_regex \"x\"",
                "$.a == 1; drop table devices", "$.a[*] == 1", "$ == 1"}) {
            assertThatThrownBy(() -> JsonPathPredicate.parse(bad)).as(bad)
                    .extracting("code").isEqualTo("INVALID_JSONPATH");
        }
    }

    @Test
    void boundsAndTypeRulesAreA400NotA500() {
        for (String bad : new String[] {"$.a[99999999999] == 1", "$.a < null", "$.a >= true", "false > $.a",
                "$.a == 1e999", "$.a == 1e-999", "$.a == \"tab\there\"", "$.a == \"\u0000\"", "$.a[1.5] == 1",
                "$.a == 1 &&", "!$.a == 1", "exists($.a", "((($.a == 1))", "$.a == \"\\u0041\""}) {
            assertThatThrownBy(() -> JsonPathPredicate.parse(bad)).as(bad)
                    .extracting("code").isEqualTo("INVALID_JSONPATH");
        }
    }

    @Test
    void literalFirstComparisonsAreFlippedAndNumbersKeepTheirValue() {
        JsonPathPredicate p = JsonPathPredicate.parse("1e2 < $.n && -0.5 >= $.m && \"x\" != $.s");
        assertThat(p.text()).isEqualTo("($.\"n\" > 100 && $.\"m\" <= -0.5 && $.\"s\" != \"x\")");
        assertThat(JsonPathPredicate.parse("((!(exists($.a))))").text()).isEqualTo("!(exists($.\"a\"))");
    }

    @Test
    void deepNestingWithinTheLengthLimitParses() {
        String deep = "(".repeat(120) + "$.a == 1" + ")".repeat(120);
        assertThat(JsonPathPredicate.parse(deep).text()).isEqualTo("$.\"a\" == 1");
        assertThatThrownBy(() -> JsonPathPredicate.parse("(".repeat(260) + "$.a == 1" + ")".repeat(260)))
                .extracting("code").isEqualTo("INVALID_JSONPATH");
    }
}
