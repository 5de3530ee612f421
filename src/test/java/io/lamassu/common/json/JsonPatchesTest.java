package io.lamassu.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPatchesTest {
    static final Map<String, Object> DOC = Map.of("a", 1, "m~x", 2, "a/b", 3, "list", List.of(1, 2));

    static JsonPatches.PatchOp op(String op, String path, String from, Object value) {
        return new JsonPatches.PatchOp(op, path, from, value);
    }

    @Test
    void badTildeEscapesAreClientErrorsWhateverTheOp() {
        for (String path : List.of("/a~2", "/a~", "/m~x", "~", "/~~", "/x/~a")) {
            for (String kind : List.of("add", "remove", "replace", "test")) {
                assertThatThrownBy(() -> JsonPatches.apply(DOC, List.of(op(kind, path, null, 1))))
                        .as(kind + " " + path).isInstanceOf(LamassuException.class)
                        .extracting("code").isEqualTo("INVALID_PATCH");
            }
            assertThatThrownBy(() -> JsonPatches.apply(DOC, List.of(op("move", "/z", path, null))))
                    .as("from " + path).extracting("code").isEqualTo("INVALID_PATCH");
        }
    }

    @Test
    void validEscapesStillAddressTheirMembers() {
        assertThat(JsonPatches.apply(DOC, List.of(op("replace", "/m~0x", null, 9), op("remove", "/a~1b", null, null))))
                .containsEntry("m~x", 9).doesNotContainKey("a/b");
        assertThat(JsonPatches.isPointer("")).isTrue();
        assertThat(JsonPatches.isPointer("/" + "a".repeat(JsonPatches.MAX_POINTER))).isFalse();
    }

    @Test
    void aFailingOperationLeavesTheDocumentAsItWas() {
        assertThatThrownBy(() -> JsonPatches.apply(DOC, List.of(op("add", "/new", null, 1),
                op("remove", "/missing", null, null)))).extracting("code").isEqualTo("PATCH_FAILED");
        assertThat(DOC).doesNotContainKey("new");
        assertThatThrownBy(() -> JsonPatches.apply(DOC, List.of(op("add", "/list/7", null, 1))))
                .isInstanceOf(LamassuException.class);
        assertThatThrownBy(() -> JsonPatches.apply(DOC, List.of(op("replace", "", null, 5))))
                .extracting("code").isEqualTo("PATCH_FAILED");
    }
}
