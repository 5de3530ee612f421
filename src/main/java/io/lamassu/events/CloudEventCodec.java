package io.lamassu.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lamassu.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * CloudEvents 1.0 structured JSON mode (the JSON event format, §3): the context attributes, the
 * actor as the extensions {@code authtype}/{@code authid} (upstream's names), and {@code data}
 * embedded as JSON. What goes on the wire to RabbitMQ, and what external consumers parse.
 */
public final class CloudEventCodec {
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    /** A message larger than this is refused rather than parsed (a CRL event is the largest we publish). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private CloudEventCodec() {
    }

    public static byte[] encode(CloudEvent e) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("specversion", e.specversion() == null ? "1.0" : e.specversion());
        n.put("id", e.id());
        n.put("source", e.source());
        n.put("type", e.type());
        n.put("subject", e.subject());
        n.put("time", e.time() == null ? null : e.time().toString());
        n.put("datacontenttype", e.datacontenttype() == null ? "application/json" : e.datacontenttype());
        n.put("authtype", e.authtype());
        n.put("authid", e.authid());
        n.set("data", data(e.data()));
        try {
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write event " + e.id(), ex);
        }
    }

    /** Parses a structured-mode message; throws {@link IllegalArgumentException} when it is not one. */
    public static CloudEvent decode(byte[] body) {
        if (body == null || body.length > MAX_BYTES) {
            throw new IllegalArgumentException("event message missing or larger than " + MAX_BYTES + " bytes");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (IOException ex) {
            throw new IllegalArgumentException("event message is not JSON: " + (ex instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : "unreadable"));
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("event message is not a JSON object");
        }
        String id = required(n, "id");
        String type = required(n, "type");
        String source = required(n, "source");
        JsonNode data = n.get("data");
        return new CloudEvent(text(n, "specversion", "1.0"), id, source, type, text(n, "subject", null),
                time(n), text(n, "datacontenttype", "application/json"), text(n, "authtype", null),
                text(n, "authid", null), data == null || data.isNull() ? null : dataText(data));
    }

    private static String dataText(JsonNode data) {
        try {
            return Json.MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("event data unreadable", ex);
        }
    }

    private static Instant time(JsonNode n) {
        String t = text(n, "time", null);
        try {
            return t == null ? null : Instant.parse(t);
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("event time is not RFC 3339: " + t);
        }
    }

    private static String required(JsonNode n, String field) {
        String v = text(n, field, null);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("event message has no '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static JsonNode data(String text) {
        if (text == null) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException ex) {
            return Json.MAPPER.getNodeFactory().textNode(text);
        }
    }

    /** UTF-8 text of an encoded event (logs, tests). */
    public static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
