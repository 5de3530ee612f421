package io.lamassu.alerts;

import io.lamassu.common.LamassuException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A subscription's {@code event_type}: an exact type ({@code certificate.status.update}), a prefix
 * wildcard ({@code certificate.*} — every type under {@code certificate.}, at any depth), or
 * {@code *} (every event). Upstream matches exact types only; the wildcards are ours.
 */
public record EventTypePattern(Kind kind, String key) {
    public static final int MAX_LENGTH = 128;
    private static final Pattern SYNTAX = Pattern.compile("[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*(\\.\\*)?");

    public enum Kind { EXACT, PREFIX, ALL }

    /** Parses and checks against the known types, so that a misspelt type is a 400 rather than silence. */
    public static EventTypePattern parse(String text, Set<String> knownTypes) {
        EventTypePattern p = syntax(text);
        boolean known = switch (p.kind) {
            case ALL -> true;
            case EXACT -> knownTypes.contains(p.key);
            case PREFIX -> knownTypes.stream().anyMatch(t -> t.startsWith(p.key));
        };
        if (!known) {
            throw LamassuException.badRequest("UNKNOWN_EVENT_TYPE", "unknown event type '" + text
                    + "'; known types: " + String.join(", ", knownTypes) + " (or a prefix wildcard such as"
                    + " certificate.*, or * for every event)");
        }
        return p;
    }

    /** Parses a stored pattern (already checked when it was subscribed). */
    public static EventTypePattern syntax(String text) {
        if (text == null || text.isBlank()) {
            throw LamassuException.badRequest("MISSING_EVENT_TYPE", "event_type is required");
        }
        if (text.length() > MAX_LENGTH) {
            throw LamassuException.badRequest("INVALID_EVENT_TYPE", "event_type is longer than " + MAX_LENGTH);
        }
        if (text.equals("*")) {
            return new EventTypePattern(Kind.ALL, "");
        }
        if (!SYNTAX.matcher(text).matches()) {
            throw LamassuException.badRequest("INVALID_EVENT_TYPE", "event_type '" + text + "' is not an event type"
                    + " (dot-separated lower-case words), a prefix wildcard such as certificate.*, or *");
        }
        return text.endsWith(".*") ? new EventTypePattern(Kind.PREFIX, text.substring(0, text.length() - 1))
                : new EventTypePattern(Kind.EXACT, text);
    }

    public boolean matches(String type) {
        return switch (kind) {
            case ALL -> true;
            case EXACT -> key.equals(type);
            case PREFIX -> type.startsWith(key);
        };
    }
}
