package io.lamassu.alerts.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lamassu.common.json.Json;
import io.lamassu.events.CloudEvent;
import io.lamassu.events.CloudEventCodec;

/**
 * A CloudEvent in structured JSON mode (CloudEvents 1.0 JSON format §3): the attributes, the
 * upstream extensions {@code authtype}/{@code authid}, and {@code data} as JSON (the payload is
 * JSON text on the bus). This is what conditions see and what webhooks receive.
 */
public final class CloudEventJson {
    private CloudEventJson() {
    }

    /** The event as the bus carries it ({@link CloudEventCodec}: one definition of the envelope). */
    public static ObjectNode tree(CloudEvent e) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(CloudEventCodec.encode(e));
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("cannot read back event " + e.id(), ex);
        }
    }

    public static String text(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event JSON", e);
        }
    }

    /** Parses stored event JSON (written by {@link #text}). */
    public static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event JSON is corrupt", e);
        }
    }
}
