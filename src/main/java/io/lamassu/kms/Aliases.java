package io.lamassu.kms;

import io.lamassu.common.LamassuException;
import io.lamassu.common.json.JsonPatches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream patches the alias array itself ({@code /-}, {@code /0}); the shared patcher works on
 * objects, so the array is wrapped as {@code {"aliases": [...]}} and every pointer prefixed.
 * An alias may not look like a key id or a PKCS#11 URI, so lookups stay unambiguous.
 */
final class Aliases {
    private static final String FIELD = "aliases";

    private Aliases() {
    }

    static List<String> apply(List<String> current, List<JsonPatches.PatchOp> ops) {
        List<JsonPatches.PatchOp> wrapped = new ArrayList<>();
        for (JsonPatches.PatchOp op : ops) {
            if (op == null || op.path() == null) {
                throw LamassuException.badRequest("INVALID_PATCH", "each patch needs 'op' and 'path'");
            }
            wrapped.add(new JsonPatches.PatchOp(op.op(), "/" + FIELD + op.path(),
                    op.from() == null ? null : "/" + FIELD + op.from(), op.value()));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(FIELD, new ArrayList<>(current));
        Object result = JsonPatches.apply(doc, wrapped).get(FIELD);
        return validate(result);
    }

    private static List<String> validate(Object result) {
        if (!(result instanceof List<?> list)) {
            throw LamassuException.badRequest("INVALID_ALIAS", "aliases must remain an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s) || s.isBlank() || s.length() > 256) {
                throw LamassuException.badRequest("INVALID_ALIAS", "an alias must be a non-empty string of at most"
                        + " 256 characters");
            }
            if (s.matches("[0-9a-fA-F]{64}") || s.startsWith("pkcs11:")) {
                throw LamassuException.badRequest("INVALID_ALIAS", "alias '" + s
                        + "' looks like a key id or a PKCS#11 URI");
            }
            if (out.contains(s)) {
                throw LamassuException.conflict("KEY_ALIAS_EXISTS", "alias '" + s + "' is listed twice");
            }
            out.add(s);
        }
        return out;
    }
}
