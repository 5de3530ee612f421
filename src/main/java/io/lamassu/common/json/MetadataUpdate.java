package io.lamassu.common.json;

import java.util.List;
import java.util.Map;

/** The three metadata update forms of design §2. */
public sealed interface MetadataUpdate {
    /** RFC 6902, atomic: all operations apply or none. */
    record Patch(List<JsonPatches.PatchOp> ops) implements MetadataUpdate {
    }

    /** A plain object replaces the metadata. */
    record Replace(Map<String, Object> metadata) implements MetadataUpdate {
    }

    /** RFC 7396 merge patch. */
    record Merge(Map<String, Object> patch) implements MetadataUpdate {
    }

    default Map<String, Object> applyTo(Map<String, Object> current) {
        if (this instanceof Patch p) {
            return JsonPatches.apply(current, p.ops());
        }
        if (this instanceof Replace r) {
            return r.metadata();
        }
        return JsonPatches.merge(current, ((Merge) this).patch());
    }
}
