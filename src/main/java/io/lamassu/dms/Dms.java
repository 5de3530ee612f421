package io.lamassu.dms;

import java.time.Instant;
import java.util.Map;

/** A device manufacturing system (upstream-notes §2.4); {@code creation_ts} as upstream names it. */
public record Dms(String id, String name, Map<String, Object> metadata, Instant creationTs, DmsSettings settings) {
    public Dms {
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(metadata));
    }

    public Dms withMetadata(Map<String, Object> m) {
        return new Dms(id, name, m, creationTs, settings);
    }
}
