package io.lamassu.http;

import io.javalin.http.Context;
import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.Json;
import io.lamassu.common.query.FieldSet;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import java.nio.charset.StandardCharsets;

/** Request-body and query helpers shared by every context's routes. */
public final class HttpJson {
    private HttpJson() {
    }

    /** Parses a JSON body into {@code type}: 415 unless the content type is JSON, 400 if malformed. */
    public static <T> T body(Context ctx, Class<T> type) {
        requireJson(ctx);
        String text = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw LamassuException.badRequest("EMPTY_BODY", "request body is empty");
        }
        T value = Json.parseRequest(text, type);
        if (value == null) {
            throw LamassuException.badRequest("EMPTY_BODY", "request body is null");
        }
        return value;
    }

    public static void requireJson(Context ctx) {
        String ct = ctx.contentType();
        if (ct == null || !(ct.startsWith("application/json") || ct.startsWith("application/merge-patch+json")
                || ct.matches("application/[a-z.+-]*\\+json.*"))) {
            throw new LamassuException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "Content-Type must be application/json");
        }
    }

    public static boolean isMergePatch(Context ctx) {
        String ct = ctx.contentType();
        return ct != null && ct.startsWith("application/merge-patch+json");
    }

    public static ListQuery listQuery(Context ctx, FieldSet fields) {
        return QueryParser.parse(ctx.queryParamMap(), fields);
    }
}
