package io.lamassu.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.lamassu.common.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks real HTTP responses against the server's own OpenAPI document ({@code /api/openapi.json}):
 * the route and method are described, the status is one the operation lists, and a JSON body
 * validates against the response schema (JSON Schema 2020-12, as OpenAPI 3.1 uses). TestHttp runs
 * every response of the HTTP tests through it (see {@link TestHttp#OPENAPI}).
 */
public final class OpenApiResponses {
    private static final Map<String, OpenApiResponses> BY_DOCUMENT = new ConcurrentHashMap<>();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaLoader(l -> l.fetchRemoteResources(false)));
    private final JsonNode doc;
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private record Template(String path, Pattern regex, int literals) {
    }

    public OpenApiResponses(JsonNode doc) {
        this.doc = doc;
        Iterator<String> it = doc.get("paths").fieldNames();
        while (it.hasNext()) {
            String p = it.next();
            String rx = "^" + Pattern.quote(p).replaceAll("\\{[a-z_]+\\}", "\\\\E[^/]+\\\\Q") + "$";
            int literals = p.split("/").length - p.split("\\{").length;
            templates.add(new Template(p, Pattern.compile(rx.replace("\\Q\\E", "")), literals));
        }
    }

    /** One validator per document text (servers of one build serve the same document). */
    public static OpenApiResponses of(String documentText) {
        return BY_DOCUMENT.computeIfAbsent(documentText, t -> {
            try {
                return new OpenApiResponses(Json.MAPPER.readTree(t));
            } catch (java.io.IOException e) {
                throw new AssertionError("the OpenAPI document is not JSON", e);
            }
        });
    }

    public JsonNode document() {
        return doc;
    }

    /** The described template of a concrete path: the most specific match (literal segments first). */
    public Optional<String> template(String path) {
        return templates.stream().filter(t -> t.regex().matcher(path).matches())
                .max(java.util.Comparator.comparingInt(Template::literals)).map(Template::path);
    }

    /** Problems found with one exchange; empty when it matches the description. */
    public List<String> check(String method, String path, int status, String contentType, String body) {
        List<String> problems = new ArrayList<>();
        String at = method + " " + path + " -> " + status + ": ";
        Optional<String> template = template(path);
        if (template.isEmpty()) {
            // Test-only routes and unknown paths; OpenApiCoverageTest checks every registered route is described.
            return problems;
        }
        JsonNode op = doc.get("paths").get(template.get()).get(method.toLowerCase(java.util.Locale.ROOT));
        if (op == null) {
            if (status != 405 && status != 404 && !method.equals("OPTIONS") && !method.equals("HEAD")) {
                problems.add(at + "method not described for " + template.get());
            }
            return problems;
        }
        JsonNode response = resolve(op.path("responses").path(Integer.toString(status)));
        if (response.isMissingNode()) {
            response = resolve(op.path("responses").path("default"));
        }
        if (response.isMissingNode()) {
            // Platform-wide answers every route may give (authentication, edge limits) need not be repeated.
            if (status == 401 || status == 403 || status == 413 || status == 414 || status == 415 || status == 431
                    || status == 400 || status == 500 || status == 503) {
                return problems;
            }
            problems.add(at + "status not described for " + template.get());
            return problems;
        }
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        JsonNode media = response.path("content").path(type);
        if (!type.endsWith("json") || body == null || body.isEmpty()) {
            return problems;
        }
        if (media.isMissingNode()) {
            if (response.path("content").size() > 0 && !response.path("content").has("application/json")) {
                problems.add(at + "content type " + type + " not described");
            }
            return problems;
        }
        JsonNode schema = media.path("schema");
        if (schema.isMissingNode() || schema.isEmpty()) {
            return problems;
        }
        try {
            JsonNode instance = Json.MAPPER.readTree(body);
            Schema compiled = schemas.computeIfAbsent(schema.toString(), k -> compile(schema));
            compiled.validate(instance).forEach(e -> problems.add(at + e.toString()));
        } catch (java.io.IOException e) {
            problems.add(at + "body is not JSON");
        }
        return problems;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.path("$ref");
        if (ref.isTextual() && ref.asText().startsWith("#/")) {
            return doc.at(ref.asText().substring(1));
        }
        return node;
    }

    /** The response schema as the root of a document that also holds components, so #/components refs resolve. */
    private Schema compile(JsonNode schema) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.setAll((ObjectNode) schema.deepCopy());
        root.set("components", doc.get("components"));
        Schema s = REGISTRY.getSchema(root);
        s.initializeValidators();
        return s;
    }
}
