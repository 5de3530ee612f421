package io.lamassu.common.json;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what a JSON text parsed to, keyed by the text itself, for stored documents read on
 * every request (a CA's certificate body, an issuance profile): parsing them was about a tenth of
 * the CPU of a REST signing request. Keyed by content, a hit is always what parsing would give,
 * however the row changed or whichever instance changed it; the row itself is still read each
 * time. Only for immutable values (records whose collections nobody mutates). Bounded by entries
 * and text length, so at most a few megabytes.
 */
public final class ParsedJson<T> {
    private final Class<T> type;
    private final int capacity;
    private final ConcurrentHashMap<String, T> parsed = new ConcurrentHashMap<>();

    public ParsedJson(Class<T> type, int capacity) {
        this.type = type;
        this.capacity = capacity;
    }

    /** Texts longer than this are parsed every time: the memo holds at most capacity × this. */
    static final int MAX_TEXT = 16 * 1024;

    public T read(String text) {
        if (text.length() > MAX_TEXT) {
            return Json.read(text, type);
        }
        T hit = parsed.get(text);
        if (hit != null) {
            return hit;
        }
        T value = Json.read(text, type);
        if (parsed.size() >= capacity) {
            parsed.clear(); // a crude bound: these documents are few (CAs, profiles), so it rarely fills
        }
        parsed.put(text, value);
        return value;
    }

    int size() {
        return parsed.size();
    }
}
