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
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // zjsonpatch signals pointers it cannot evaluate this way; validate() should have caught them first.
            throw LamassuException.badRequest("INVALID_PATCH",
                    "patch operation " + index + " has a path that is not a valid JSON pointer: '" + op.path() + "'");
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
        requirePointer(op.path(), "path", index);
        if ((op.op().equals("move") || op.op().equals("copy")) && op.from() == null) {
            throw LamassuException.badRequest("INVALID_PATCH", "patch operation " + index + " needs 'from'");
        }
        if (op.from() != null) {
            requirePointer(op.from(), "from", index);
        }
    }

    /** Longest pointer accepted: metadata documents are small, and a pointer longer than this is hostile. */
    static final int MAX_POINTER = 1024;

    /** RFC 6901 §3: a pointer is empty or starts with '/', and '~' is only ever followed by '0' or '1'. */
    static boolean isPointer(String p) {
        if (p.length() > MAX_POINTER || (!p.isEmpty() && p.charAt(0) != '/')) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) == '~' && (i + 1 == p.length() || (p.charAt(i + 1) != '0' && p.charAt(i + 1) != '1'))) {
                return false;
            }
        }
        return true;
    }

    private static void requirePointer(String pointer, String member, int index) {
        if (!isPointer(pointer)) {
            throw LamassuException.badRequest("INVALID_PATCH", "patch operation " + index + " has a '" + member
                    + "' that is not a JSON pointer (RFC 6901: '/'-separated, '~' only as ~0 or ~1, at most "
                    + MAX_POINTER + " characters)");
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
