package io.lamassu.devices;

import io.lamassu.common.LamassuException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Registration input, validated on construction. Device ids are 1–128 characters of
 * {@code [A-Za-z0-9._:-]}: enough for serial numbers, MAC addresses and DNS-like names, and safe
 * in URL paths and EST certificate CNs.
 */
public record RegisterDevice(String id, String dmsId, List<String> tags, Map<String, Object> metadata) {
    /** "." and ".." are refused: as URL path segments they are dot-segments that clients and proxies remove (RFC 3986 §5.2.4). */
    public static final Pattern ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._:-]{1,128}");
    static final int MAX_TAGS = 100;

    public RegisterDevice {
        validateId(id);
        if (dmsId == null || dmsId.isBlank()) {
            throw LamassuException.badRequest("INVALID_DEVICE", "'dms_id' is required");
        }
        tags = validateTags(tags);
        metadata = metadata == null ? Map.of() : metadata;
    }

    public static void validateId(String id) {
        validateId(id, "INVALID_DEVICE_ID", "device id");
    }

    /** The id rule shared by devices and DMSs, with the caller's code and noun in the message. */
    public static void validateId(String id, String code, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw LamassuException.badRequest(code,
                    what + " must be 1-128 characters of letters, digits, '.', '_', ':' or '-', and not '.' or '..'");
        }
    }

    static List<String> validateTags(List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw LamassuException.badRequest("INVALID_TAGS", "at most " + MAX_TAGS + " tags");
        }
        List<String> out = new ArrayList<>();
        for (String t : tags) {
            if (t == null || t.isBlank() || t.length() > 128) {
                throw LamassuException.badRequest("INVALID_TAGS", "tags must be non-empty strings of at most 128 characters");
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
