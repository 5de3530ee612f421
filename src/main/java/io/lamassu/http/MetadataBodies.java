package io.lamassu.http;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.http.Context;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.Json;
import io.lamassu.common.json.JsonPatches;
import io.lamassu.common.json.MetadataUpdate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a metadata update in the three forms of design §2: {@code {"patches": [...]}} (PUT or
 * PATCH) is RFC 6902; {@code application/merge-patch+json} is RFC 7396; any other object replaces
 * on PUT and merges on PATCH. Shared with the DMS routes.
 */
public final class MetadataBodies {
    private static final TypeReference<List<JsonPatches.PatchOp>> OPS = new TypeReference<>() {
    };

    private MetadataBodies() {
    }

    @SuppressWarnings("unchecked")
    public static MetadataUpdate read(Context ctx, boolean put) {
        Map<String, Object> body = HttpJson.body(ctx, LinkedHashMap.class);
        if (HttpJson.isMergePatch(ctx)) {
            return new MetadataUpdate.Merge(body);
        }
        if (body.size() == 1 && body.containsKey("patches")) {
            if (body.get("patches") instanceof List<?> ops) {
                return new MetadataUpdate.Patch(ops(ops));
            }
            throw LamassuException.badRequest("INVALID_PATCH", "'patches' must be a list of RFC 6902 operations");
        }
        return put ? new MetadataUpdate.Replace(body) : new MetadataUpdate.Merge(body);
    }

    private static List<JsonPatches.PatchOp> ops(List<?> raw) {
        try {
            return Json.MAPPER.convertValue(raw, OPS);
        } catch (IllegalArgumentException e) {
            throw LamassuException.badRequest("INVALID_PATCH", "'patches' must be a list of RFC 6902 operations"
                    + " {op, path, from?, value?}");
        }
    }
}
