package io.lamassu.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.Json;
import io.lamassu.common.json.JsonPatches;
import io.lamassu.common.json.MetadataUpdate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one reader of metadata update bodies, used by all five metadata endpoints (device, CA, DMS,
 * certificate, KMS key), in the forms of design §2:
 * <ul>
 * <li>a bare JSON array (the standard RFC 6902 form, {@code application/json-patch+json}) or
 * {@code {"patches": [...]}} (PUT or PATCH) is an atomic JSON Patch;</li>
 * <li>{@code application/merge-patch+json} with an object is an RFC 7396 merge patch;</li>
 * <li>any other object replaces the metadata on PUT and merges into it on PATCH.</li>
 * </ul>
 * Everything else ({@code {"patches": "nope"}}, a number, a merge patch that is not an object) is
 * a 400, so the five endpoints answer the same body the same way.
 */
public final class MetadataBodies {
    private static final TypeReference<List<JsonPatches.PatchOp>> OPS = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };
    /** RFC 6902 patches longer than this are refused: a metadata change needs a handful of operations. */
    static final int MAX_OPERATIONS = 1000;

    private MetadataBodies() {
    }

    public static MetadataUpdate read(Context ctx, boolean put) {
        JsonNode body = HttpJson.body(ctx, JsonNode.class);
        String ct = ctx.contentType();
        boolean jsonPatch = ct != null && ct.startsWith("application/json-patch+json");
        if (body.isArray()) {
            return new MetadataUpdate.Patch(ops(body));
        }
        if (jsonPatch) {
            throw LamassuException.badRequest("INVALID_PATCH",
                    "application/json-patch+json needs a JSON array of RFC 6902 operations");
        }
        if (!body.isObject()) {
            throw LamassuException.badRequest("INVALID_METADATA", "metadata must be a JSON object, a JSON Patch array"
                    + " or {\"patches\": [...]}");
        }
        if (body.size() == 1 && body.has("patches")) {
            if (!body.get("patches").isArray()) {
                throw LamassuException.badRequest("INVALID_PATCH", "'patches' must be a list of RFC 6902 operations");
            }
            return new MetadataUpdate.Patch(ops(body.get("patches")));
        }
        Map<String, Object> object = Json.MAPPER.convertValue(body, OBJECT);
        if (HttpJson.isMergePatch(ctx)) {
            return new MetadataUpdate.Merge(object);
        }
        return put ? new MetadataUpdate.Replace(object) : new MetadataUpdate.Merge(object);
    }

    private static List<JsonPatches.PatchOp> ops(JsonNode raw) {
        if (raw.size() > MAX_OPERATIONS) {
            throw LamassuException.badRequest("INVALID_PATCH", "a patch has at most " + MAX_OPERATIONS + " operations");
        }
        for (JsonNode op : raw) {
            if (!op.isObject() || !textOrAbsent(op, "op") || !textOrAbsent(op, "path") || !textOrAbsent(op, "from")) {
                throw invalidOps();
            }
        }
        try {
            return Json.MAPPER.convertValue(raw, OPS);
        } catch (IllegalArgumentException e) {
            throw invalidOps();
        }
    }

    private static boolean textOrAbsent(JsonNode op, String member) {
        return !op.has(member) || op.get(member).isTextual();
    }

    private static LamassuException invalidOps() {
        return LamassuException.badRequest("INVALID_PATCH", "'patches' must be a list of RFC 6902 operations"
                + " {op, path, from?, value?} whose op, path and from are strings");
    }
}
