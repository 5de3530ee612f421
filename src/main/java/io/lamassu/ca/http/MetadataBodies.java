package io.lamassu.ca.http;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.http.Context;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.Json;
import io.lamassu.common.json.JsonPatches;
import io.lamassu.http.HttpJson;
import java.util.List;
import java.util.Map;

/**
 * The three metadata update forms of design §2: {@code {"patches":[RFC 6902 ops]}} with PUT or
 * PATCH (upstream), a plain object with PUT (replace), and {@code application/merge-patch+json}
 * with PATCH (RFC 7396 merge).
 */
final class MetadataBodies {
    private static final TypeReference<List<JsonPatches.PatchOp>> OPS = new TypeReference<>() {
    };

    /** What to do with the stored metadata. */
    interface Target<T> {
        T patch(List<JsonPatches.PatchOp> ops);

        T replace(Map<String, Object> metadata);

        T merge(Map<String, Object> patch);
    }

    private MetadataBodies() {
    }

    @SuppressWarnings("unchecked")
    static <T> T apply(Context ctx, Target<T> target) {
        Map<String, Object> body = HttpJson.body(ctx, Map.class);
        if (HttpJson.isMergePatch(ctx)) {
            return target.merge(body);
        }
        if (body.size() == 1 && body.get("patches") instanceof List<?> ops) {
            try {
                return target.patch(Json.MAPPER.convertValue(ops, OPS));
            } catch (IllegalArgumentException e) {
                throw LamassuException.badRequest("INVALID_PATCH", "patches must be JSON Patch operations");
            }
        }
        if (ctx.method().name().equals("PATCH")) {
            throw LamassuException.badRequest("INVALID_PATCH",
                    "PATCH takes {\"patches\":[...]} or an application/merge-patch+json body");
        }
        return target.replace(body);
    }
}
