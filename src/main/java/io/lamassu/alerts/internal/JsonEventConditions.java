package io.lamassu.alerts.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.lamassu.alerts.Condition;
import io.lamassu.alerts.EventConditions;
import io.lamassu.alerts.EventDocument;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.Json;
import io.lamassu.events.CloudEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Conditions over the CloudEvent JSON. JSON-PATH (Jayway): the event matches when the path selects
 * at least one node, as upstream; {@code $.data.updated[?(@.status == 'REVOKED')]} filters the
 * object itself. JSON-SCHEMA (networknt, draft 2020-12 unless {@code $schema} says otherwise): the
 * event matches when it validates. Remote {@code $ref}s are never fetched (no outbound requests
 * on behalf of a subscriber), and JSONPath's {@code =~} is refused: Jayway runs it with an
 * unbounded regular expression engine. Schema {@code pattern}s run with a time limit ({@link BoundedRegex}).
 */
public final class JsonEventConditions implements EventConditions {
    private static final Configuration JSONPATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .options(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS)
            .build();
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaLoader(l -> l.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .regularExpressionFactory(BoundedRegex.FACTORY).build()));

    @Override
    public Compiled compile(Condition condition) {
        return switch (condition.type()) {
            case JSON_PATH -> jsonPath(condition.condition().trim());
            case JSON_SCHEMA -> jsonSchema(condition.condition());
        };
    }

    @Override
    public EventDocument document(CloudEvent event) {
        JsonNode tree = CloudEventJson.tree(event);
        return new Document(event.id(), event.type(), tree, CloudEventJson.text(tree));
    }

    /** An event parsed once; the values at discriminator paths are looked up once per event. */
    private static final class Document implements EventDocument {
        private static final Object ABSENT = new Object();
        private static final Object UNKNOWN = new Object();
        private final String id;
        private final String type;
        private final JsonNode tree;
        private final String json;
        private final Map<String, Object> values = new HashMap<>();

        Document(String id, String type, JsonNode tree, String json) {
            this.id = id;
            this.type = type;
            this.tree = tree;
            this.json = json;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public String json() {
            return json;
        }

        Discriminator.Verdict decide(Discriminator d) {
            Object v = values.computeIfAbsent(d.key(), k -> resolve(d.path()));
            return v == UNKNOWN ? Discriminator.Verdict.UNDECIDED : d.decide(v == ABSENT ? null : (JsonNode) v);
        }

        /** The node at {@code path} through objects only; an array or scalar on the way makes it unknown. */
        private Object resolve(String[] path) {
            JsonNode n = tree;
            for (String step : path) {
                if (!n.isObject()) {
                    return UNKNOWN;
                }
                n = n.get(step);
                if (n == null) {
                    return ABSENT;
                }
            }
            return n;
        }
    }

    /** A compiled condition behind its discriminator (null: none, always evaluated in full). */
    private record Evaluated(Discriminator discriminator, Predicate<JsonNode> full) implements Compiled {
        @Override
        public boolean matches(EventDocument event) {
            if (discriminator != null && event instanceof Document d) {
                Discriminator.Verdict v = d.decide(discriminator);
                if (v != Discriminator.Verdict.UNDECIDED) {
                    return v == Discriminator.Verdict.MATCH;
                }
            }
            try {
                return full.test(tree(event));
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    private static JsonNode tree(EventDocument event) {
        return event instanceof Document d ? d.tree : CloudEventJson.parse(event.json());
    }

    private static Compiled jsonPath(String text) {
        if (!text.startsWith("$")) {
            throw invalid("a JSON-PATH condition must start with $ (the CloudEvent), e.g. $.data.updated[?(@.status"
                    + " == 'REVOKED')]");
        }
        if (text.contains("=~")) {
            throw LamassuException.badRequest("UNSUPPORTED_CONDITION", "regular expressions (=~) are not supported in"
                    + " JSON-PATH conditions; compare with ==, in, nin, or use a JSON-SCHEMA condition with pattern");
        }
        JsonPath path;
        try {
            path = JsonPath.compile(text);
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw invalid("invalid JSONPath: " + e.getMessage());
        }
        return new Evaluated(Discriminator.ofJsonPath(text), tree -> {
            Object found = path.read(tree, JSONPATH);
            return found instanceof ArrayNode a ? !a.isEmpty() : found != null;
        });
    }

    private Compiled jsonSchema(String text) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid("a JSON-SCHEMA condition must be a JSON Schema document: " + e.getOriginalMessage());
        }
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw invalid("a JSON-SCHEMA condition must be a JSON object (or true/false)");
        }
        Schema schema;
        try {
            checkAgainstMetaSchema(node);
            schema = schemas.getSchema(node);
            schema.initializeValidators();
        } catch (LamassuException e) {
            throw e;
        } catch (RuntimeException e) {
            throw invalid("invalid JSON Schema: " + e.getMessage());
        }
        return new Evaluated(Discriminator.ofSchema(node), tree -> schema.validate(tree, OutputFormat.BOOLEAN));
    }

    /** {@code {"type": 12}} is a mistake to report, not a schema that silently matches everything. */
    private void checkAgainstMetaSchema(JsonNode node) {
        String dialect = node.path("$schema").isTextual() ? node.get("$schema").asText()
                : SpecificationVersion.DRAFT_2020_12.getDialectId();
        List<com.networknt.schema.Error> errors = schemas.getSchema(SchemaLocation.of(dialect)).validate(node);
        if (!errors.isEmpty()) {
            throw invalid("invalid JSON Schema: " + errors.get(0).getMessage());
        }
    }

    private static LamassuException invalid(String message) {
        return LamassuException.badRequest("INVALID_CONDITION", message);
    }
}
