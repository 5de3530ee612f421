package io.lamassu.alerts.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.common.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A human reading of an event for e-mail and Teams: what it is about (device, certificate, CA,
 * DMS...), what happened to it ("changed status from ACTIVE to REVOKED (reason: KeyCompromise)"),
 * and the facts an operator looks for, taken from the CloudEvent and its payload.
 */
final class EventSummary {
    private static final Map<String, String> KINDS = Map.of("certificate", "Certificate", "ca", "CA", "device",
            "Device", "dms", "DMS", "profile", "Issuance profile", "kms", "Key", "device-group", "Device group",
            "crl", "CRL", "va", "VA role");
    private static final int MAX_DATA_CHARS = 32 * 1024;
    private final JsonNode event;
    private final JsonNode before;
    private final JsonNode after;

    private EventSummary(JsonNode event) {
        this.event = event;
        JsonNode data = event.path("data");
        boolean update = data.has("updated") && data.has("previous");
        this.after = update ? data.path("updated") : data;
        this.before = update ? data.path("previous") : Json.MAPPER.missingNode();
    }

    static EventSummary of(String eventJson) {
        try {
            return new EventSummary(Json.MAPPER.readTree(eventJson));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event JSON is corrupt", e);
        }
    }

    String type() {
        return event.path("type").asText();
    }

    /** E.g. "Certificate 5f0c... (CN=device-001) changed status from ACTIVE to REVOKED (reason: KeyCompromise)". */
    String headline() {
        return what() + " " + action();
    }

    /** Event attributes and the payload's salient fields, in reading order. */
    Map<String, String> facts() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Event", type());
        f.put("Subject", event.path("subject").asText());
        f.put("Time", event.path("time").asText());
        String by = event.path("authid").asText("");
        f.put("By", by.isEmpty() ? "system" : by + " (" + event.path("authtype").asText("") + ")");
        put(f, "Status", statusChange());
        put(f, "Revocation reason", revocationReason());
        put(f, "Serial number", text(after, "serial_number"));
        put(f, "Common name", commonName(after));
        put(f, "DMS", text(after, "dms_owner"));
        f.put("Event id", event.path("id").asText());
        return f;
    }

    /** The payload, pretty-printed and cut at 32 KiB. */
    String prettyData() {
        try {
            String s = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(event.path("data"));
            return s.length() > MAX_DATA_CHARS ? s.substring(0, MAX_DATA_CHARS) + "\n... (truncated)" : s;
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private String what() {
        String subject = event.path("subject").asText("");
        int slash = subject.indexOf('/');
        String prefix = slash > 0 ? subject.substring(0, slash) : type().split("\\.")[0];
        String id = slash > 0 ? subject.substring(slash + 1) : subject;
        String kind = KINDS.getOrDefault(prefix, prefix);
        String detail = detail(prefix);
        return (kind + " " + id).trim() + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    private String detail(String prefix) {
        if (prefix.equals("device")) {
            String dms = text(after, "dms_owner");
            return dms.isEmpty() ? "" : "DMS " + dms;
        }
        String cn = commonName(after);
        return cn.isEmpty() ? "" : "CN=" + cn;
    }

    private String action() {
        String t = type();
        if (t.endsWith(".status.update")) {
            String change = statusChange();
            String reason = revocationReason();
            return (change.isEmpty() ? "changed status" : "changed status from " + change.replace(" -> ", " to "))
                    + (reason.isEmpty() ? "" : " (reason: " + reason + ")");
        }
        if (t.endsWith("sign.certificate")) {
            return "was issued";
        }
        String last = t.substring(t.lastIndexOf('.') + 1);
        return switch (last) {
            case "create" -> "was created";
            case "import" -> "was imported";
            case "delete" -> "was deleted";
            case "reissue" -> "was reissued";
            case "enroll" -> "enrolled";
            case "reenroll" -> "re-enrolled";
            case "update" -> t.endsWith(".metadata.update") ? "had its metadata updated"
                    : t.endsWith(".identity.update") ? "got a new identity" : "was updated";
            default -> "had event " + t;
        };
    }

    private String statusChange() {
        String from = status(before);
        String to = status(after);
        if (to.isEmpty()) {
            return "";
        }
        return from.isEmpty() || from.equals(to) ? to : from + " -> " + to;
    }

    private String revocationReason() {
        String status = status(after);
        String reason = text(after, "revocation_reason");
        if (reason.isEmpty()) {
            reason = text(after.path("certificate"), "revocation_reason");
        }
        return status.equals("REVOKED") && !reason.isEmpty() ? reason : "";
    }

    /** A certificate's or device's own status, or a CA's (held by its certificate). */
    private static String status(JsonNode n) {
        String s = text(n, "status");
        return s.isEmpty() ? text(n.path("certificate"), "status") : s;
    }

    private static String commonName(JsonNode n) {
        String cn = n.path("subject").path("common_name").asText("");
        return cn.isEmpty() ? n.path("certificate").path("subject").path("common_name").asText("") : cn;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isValueNode() ? v.asText("") : "";
    }

    private static void put(Map<String, String> facts, String key, String value) {
        if (!value.isEmpty()) {
            facts.put(key, value);
        }
    }
}
