package io.lamassu.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParsedJsonTest {
    record Doc(String name, List<String> items) {
    }

    @Test
    void theSameTextGivesTheRememberedValueAndAChangedTextIsParsedAgain() {
        ParsedJson<Doc> docs = new ParsedJson<>(Doc.class, 10);
        Doc first = docs.read("{\"name\":\"a\",\"items\":[\"x\"]}");

        assertThat(docs.read("{\"name\":\"a\",\"items\":[\"x\"]}")).isSameAs(first);
        assertThat(docs.read("{\"name\":\"a\",\"items\":[\"x\",\"y\"]}").items()).containsExactly("x", "y");
    }

    @Test
    void staysWithinItsCapacity() {
        ParsedJson<Doc> docs = new ParsedJson<>(Doc.class, 3);
        for (int i = 0; i < 10; i++) {
            assertThat(docs.read("{\"name\":\"d" + i + "\"}").name()).isEqualTo("d" + i);
        }
        assertThat(docs.size()).isLessThanOrEqualTo(3);
    }
}
