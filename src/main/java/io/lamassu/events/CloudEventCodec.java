package io.lamassu.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.lamassu.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
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

    /**
     * Streams the envelope and embeds {@code data} as it is when it is one JSON value (what every
     * publisher here writes), else as a JSON string: one pass, no tree of the payload, which can be a
     * whole certificate and is encoded once per event on the relay.
     */
    public static byte[] encode(CloudEvent e) {
        String data = e.data();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (data == null ? 0 : data.length()));
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("specversion", e.specversion() == null ? "1.0" : e.specversion());
            g.writeStringField("id", e.id());
            g.writeStringField("source", e.source());
            g.writeStringField("type", e.type());
            g.writeStringField("subject", e.subject());
            g.writeStringField("time", e.time() == null ? null : e.time().toString());
            g.writeStringField("datacontenttype", e.datacontenttype() == null ? "application/json" : e.datacontenttype());
            g.writeStringField("authtype", e.authtype());
            g.writeStringField("authid", e.authid());
            g.writeFieldName("data");
            if (data == null) {
                g.writeNull();
            } else if (isOneJsonValue(data)) {
                g.writeRawValue(data);
            } else {
                g.writeString(data);
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException("cannot write event " + e.id(), ex);
        }
        return out.toByteArray();
    }

    /** Exactly one complete JSON value, nothing after it (checked by streaming, not by building a tree). */
    static boolean isOneJsonValue(String text) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException ex) {
            return false;
        }
    }

    /**
     * Parses a structured-mode message; throws {@link IllegalArgumentException} when it is not one.
     * Streams the envelope; {@code data} is kept as the JSON text it arrived as (an object or array
     * is cut from the message, not rebuilt), so a consumer parses it once, if at all.
     */
    public static CloudEvent decode(byte[] body) {
        if (body == null || body.length > MAX_BYTES) {
            throw new IllegalArgumentException("event message missing or larger than " + MAX_BYTES + " bytes");
        }
        Map<String, String> fields = new HashMap<>();
        String data = null;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("event message is not a JSON object");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("data")) {
                    data = dataText(p, value, body);
                } else if (value.isScalarValue()) {
                    fields.put(name, value == JsonToken.VALUE_NULL ? null : p.getText());
                } else {
                    p.skipChildren();
                    fields.remove(name); // an object where text belongs counts as absent
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("event message has content after its JSON object");
            }
        } catch (IOException ex) {
            throw new IllegalArgumentException("event message is not JSON: " + (ex instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : "unreadable"));
        }
        return new CloudEvent(fields.getOrDefault("specversion", "1.0"), required(fields, "id"),
                required(fields, "source"), required(fields, "type"), fields.get("subject"), time(fields.get("time")),
                fields.getOrDefault("datacontenttype", "application/json"), fields.get("authtype"),
                fields.get("authid"), data);
    }

    /** The JSON text of the value at {@code value}: containers cut from {@code body} by offsets, scalars re-encoded. */
    private static String dataText(JsonParser p, JsonToken value, byte[] body) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            int from = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            int to = (int) p.currentLocation().getByteOffset();
            return new String(body, from, to - from, StandardCharsets.UTF_8);
        }
        if (value == JsonToken.VALUE_STRING) {
            return Json.MAPPER.writeValueAsString(p.getText());
        }
        return p.getText(); // number, true, false: their JSON text
    }

    private static Instant time(String t) {
        try {
            return t == null ? null : Instant.parse(t);
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("event time is not RFC 3339: " + t);
        }
    }

    private static String required(Map<String, String> fields, String field) {
        String v = fields.get(field);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("event message has no '" + field + "'");
        }
        return v;
    }

    /** UTF-8 text of an encoded event (logs, tests). */
    public static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
