package io.lamassu.common.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import io.lamassu.common.LamassuException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metadata updates (design §2): RFC 6902 JSON Patch applied atomically (all ops or none) and
 * RFC 7396 merge patch. Works on plain maps so that domain code needs no JSON library.
 */
public final class JsonPatches {
    private JsonPatches() {
    }

    /** A patch op as received on the wire. */
    public record PatchOp(String op, String path, String from, Object value) {
    }

    public static Map<String, Object> apply(Map<String, Object> document, List<PatchOp> ops) {
        JsonNode current = Json.tree(document);
        for (int i = 0; i < ops.size(); i++) {
            current = applyOne(current, ops.get(i), i);
        }
        return toMap(current);
    }

    private static JsonNode applyOne(JsonNode doc, PatchOp op, int index) {
        validate(op, index);
        requireTarget(doc, op, index);
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("op", op.op());
        node.put("path", op.path());
        if (op.from() != null) {
            node.put("from", op.from());
        }
        if (!op.op().equals("remove") && !op.op().equals("move") && !op.op().equals("copy")) {
            node.set("value", Json.tree(op.value()));
        }
        try {
            return JsonPatch.apply(Json.MAPPER.createArrayNode().add(node), doc);
        } catch (JsonPatchApplicationException e) {
            throw LamassuException.unprocessable("PATCH_FAILED",
                    "patch operation " + index + " (" + op.op() + " " + op.path() + ") failed: " + e.getMessage());
        }
    }

    /** RFC 6902 §4.2, §4.3, §4.4: the target (or "from") location MUST exist; zjsonpatch lets a missing member pass. */
    private static void requireTarget(JsonNode doc, PatchOp op, int index) {
        String pointer = switch (op.op()) {
            case "remove", "replace" -> op.path();
            case "move", "copy" -> op.from();
            default -> null;
        };
        if (pointer != null && !pointer.isEmpty() && doc.at(com.fasterxml.jackson.core.JsonPointer.compile(pointer))
                .isMissingNode()) {
            throw LamassuException.unprocessable("PATCH_FAILED", "patch operation " + index + " (" + op.op() + " "
                    + op.path() + ") failed: no value at '" + pointer + "'");
        }
    }

    private static void validate(PatchOp op, int index) {
        if (op == null || op.op() == null || op.path() == null) {
            throw LamassuException.badRequest("INVALID_PATCH", "patch operation " + index + " needs 'op' and 'path'");
        }
        if (!List.of("add", "remove", "replace", "move", "copy", "test").contains(op.op())) {
            throw LamassuException.badRequest("INVALID_PATCH",
                    "patch operation " + index + " has unknown op '" + op.op() + "'");
        }
        if (!op.path().isEmpty() && !op.path().startsWith("/")) {
            throw LamassuException.badRequest("INVALID_PATCH",
                    "patch operation " + index + " has a path that is not a JSON pointer: '" + op.path() + "'");
        }
        if ((op.op().equals("move") || op.op().equals("copy")) && op.from() == null) {
            throw LamassuException.badRequest("INVALID_PATCH", "patch operation " + index + " needs 'from'");
        }
    }

    /** RFC 7396: null removes a member, objects merge recursively, anything else replaces. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(target);
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                out.remove(e.getKey());
            } else if (v instanceof Map<?, ?> m && out.get(e.getKey()) instanceof Map<?, ?> existing) {
                out.put(e.getKey(), merge((Map<String, Object>) existing, (Map<String, Object>) m));
            } else {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private static Map<String, Object> toMap(JsonNode node) {
        if (!node.isObject()) {
            throw LamassuException.unprocessable("PATCH_FAILED", "metadata must remain a JSON object");
        }
        return Json.MAPPER.convertValue(node, LinkedHashMap.class);
    }
}
