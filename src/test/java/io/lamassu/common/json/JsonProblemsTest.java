package io.lamassu.common.json;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request-body errors are said in the API's terms (field path, JSON type), never as Java classes. */
class JsonProblemsTest {
    record KeySpec(String type, int bits) {
    }

    record Body(String id, KeySpec keyMetadata, List<String> tags, Map<String, Object> metadata, Instant notAfter,
                boolean enabled) {
    }

    static void refused(String json, String... contains) {
        assertThatThrownBy(() -> Json.parseRequest(json, Body.class)).isInstanceOf(LamassuException.class)
                .hasFieldOrPropertyWithValue("code", "MALFORMED_JSON")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage())
                        .contains(contains).doesNotContain("java.", "io.lamassu", "$", "LinkedHashMap", "`"));
    }

    @Test
    void typeMismatchesNameTheFieldAndTheJsonType() {
        refused("{\"key_metadata\":{\"bits\":\"many\"}}", "key_metadata.bits", "integer");
        refused("{\"key_metadata\":\"x\"}", "key_metadata", "object");
        refused("{\"tags\":{}}", "tags", "array");
        refused("{\"tags\":[[1]]}", "tags[0]", "string");
        refused("{\"metadata\":[]}", "metadata", "object");
        refused("{\"not_after\":\"tomorrow\"}", "not_after", "RFC 3339");
        refused("{\"enabled\":\"yes\"}", "enabled", "boolean");
        refused("{\"id\":5}", "id", "string");
        refused("[]", "request body", "object");
    }

    @Test
    void syntaxAndUnknownFieldsAreSaidPlainly() {
        refused("{\"id\": ", "not valid JSON");
        refused("{\"colour\":1}", "unknown field 'colour'");
        refused("{\"metadata\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(101), "nested too deeply");
    }
}
