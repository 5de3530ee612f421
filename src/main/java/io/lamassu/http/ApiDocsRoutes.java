package io.lamassu.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The API description (issue 13): {@code GET /api/openapi.json} (OpenAPI 3.1, public) and Swagger UI
 * at {@code /api/docs}, served from the {@code org.webjars:swagger-ui} jar on the classpath, no CDN.
 * The document is the hand-written {@code api/openapi.json} resource with the error-code catalogue
 * ({@link ErrorCatalogue}) filled in, so its codes cannot drift from the error mapper's.
 */
final class ApiDocsRoutes implements Routes.Module {
    static final String DOCUMENT = "/api/openapi.json";
    static final String DOCS = "/api/docs";
    private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/5.35.0/";
    /** The Swagger UI files served; nothing else of the class path is reachable. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css",
            "index.css", "text/css",
            "swagger-ui-bundle.js", "text/javascript",
            "swagger-ui-standalone-preset.js", "text/javascript",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="UTF-8">
              <title>Lamassu API</title>
              <link rel="stylesheet" href="/api/docs/swagger-ui.css">
              <link rel="stylesheet" href="/api/docs/index.css">
              <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" sizes="32x32">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/api/docs/swagger-ui-bundle.js"></script>
              <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
              <script src="/api/docs/init.js"></script>
            </body>
            </html>
            """;
    private static final String INIT = """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                url: "/api/openapi.json",
                dom_id: "#swagger-ui",
                deepLinking: true,
                presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                layout: "StandaloneLayout"
              });
            };
            """;
    private static volatile byte[] document;

    static boolean isPublic(String path) {
        return path.equals(DOCUMENT) || path.equals(DOCS) || path.startsWith(DOCS + "/");
    }

    @Override
    public void register(Routes r) {
        r.get(DOCUMENT, Role.PUBLIC, ctx -> {
            ctx.header("Cache-Control", "no-cache");
            ctx.contentType("application/json").result(document());
        });
        r.get(DOCS, Role.PUBLIC, ctx -> page(ctx, "text/html; charset=utf-8", PAGE));
        r.get(DOCS + "/{file}", Role.PUBLIC, this::asset);
    }

    private static void page(Context ctx, String type, String text) {
        relaxPolicy(ctx);
        ctx.contentType(type).result(text);
    }

    /** Swagger UI's own scripts and styles (it sets inline styles); still no third-party origin. */
    private static void relaxPolicy(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline';"
                + " img-src 'self' data:; frame-ancestors 'none'");
        ctx.header("Cache-Control", "no-cache");
    }

    private void asset(Context ctx) {
        String file = ctx.pathParam("file");
        if (file.equals("init.js")) {
            page(ctx, "text/javascript", INIT);
            return;
        }
        String type = ASSETS.get(file);
        if (type == null) {
            throw LamassuException.notFound("NOT_FOUND", "no such documentation file");
        }
        try (InputStream in = ApiDocsRoutes.class.getResourceAsStream(WEBJAR + file)) {
            if (in == null) {
                throw LamassuException.notFound("NOT_FOUND", "no such documentation file");
            }
            relaxPolicy(ctx);
            ctx.contentType(type).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The description, with the catalogue's codes as the ErrorCode enum and the x-error-codes table. */
    static byte[] document() {
        byte[] d = document;
        if (d == null) {
            d = Json.write(describe()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            document = d;
        }
        return d;
    }

    static JsonNode describe() {
        try (InputStream in = ApiDocsRoutes.class.getResourceAsStream("/api/openapi.json")) {
            ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(in);
            ObjectNode schemas = (ObjectNode) doc.with("components").with("schemas");
            ObjectNode code = schemas.putObject("ErrorCode");
            code.put("type", "string");
            code.put("description", "Stable error code; the table x-error-codes gives each one's HTTP status and title.");
            ArrayNode values = code.putArray("enum");
            ArrayNode table = doc.putArray("x-error-codes");
            java.util.Set<String> listed = new java.util.HashSet<>();
            for (ErrorCatalogue.Entry e : ErrorCatalogue.entries()) {
                if (listed.add(e.code())) {
                    values.add(e.code()); // a code listed with two statuses appears once in the enum
                }
                table.addObject().put("code", e.code()).put("status", e.status()).put("title", e.title());
            }
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API description", e);
        }
    }
}
