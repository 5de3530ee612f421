package io.lamassu.alerts.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lamassu.common.json.Json;
import io.lamassu.events.CloudEvent;

/**
 * A CloudEvent in structured JSON mode (CloudEvents 1.0 JSON format §3): the attributes, the
 * upstream extensions {@code authtype}/{@code authid}, and {@code data} as JSON (the payload is
 * JSON text on the bus). This is what conditions see and what webhooks receive.
 */
public final class CloudEventJson {
    private CloudEventJson() {
    }

    public static ObjectNode tree(CloudEvent e) {
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
        return n;
    }

    private static JsonNode data(String text) {
        if (text == null) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // Not JSON (a publisher outside this product): keep it as a string rather than drop it.
            return Json.MAPPER.getNodeFactory().textNode(text);
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
