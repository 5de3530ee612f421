package io.lamassu.common.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.lamassu.common.LamassuException;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns Jackson's exceptions about a request body into 400 MALFORMED_JSON (the code clients already
 * know) with a detail in the API's own terms (field path, expected JSON type), never Java class
 * names: Jackson's own messages name classes such as {@code io.lamassu.dms.http.DmsRoutes$DmsRequest}
 * or {@code java.util.LinkedHashMap}.
 */
public final class JsonProblems {
    private JsonProblems() {
    }

    public static LamassuException describe(JsonProcessingException e) {
        if (e instanceof ValueInstantiationException vi && vi.getCause() instanceof LamassuException le) {
            return le; // a record's own validation, already in API terms
        }
        if (causedBy(e, StreamConstraintsException.class)) {
            return LamassuException.badRequest("MALFORMED_JSON", "request body is nested too deeply or too large");
        }
        if (e instanceof JsonParseException) {
            return LamassuException.badRequest("MALFORMED_JSON", "request body is not valid JSON" + at(e.getLocation()));
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return LamassuException.badRequest("MALFORMED_JSON", "unknown field '" + path(u) + "'");
        }
        if (e instanceof InvalidFormatException f) {
            return LamassuException.badRequest("MALFORMED_JSON", "field '" + path(f) + "' has an invalid value; expected "
                    + expected(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException m) {
            String field = path(m);
            return LamassuException.badRequest("MALFORMED_JSON", (field.isEmpty() ? "request body" : "field '" + field
                    + "'") + " must be " + expected(m.getTargetType()));
        }
        if (e instanceof JsonMappingException m) {
            String field = path(m);
            return LamassuException.badRequest("MALFORMED_JSON", field.isEmpty() ? "request body has an invalid value"
                    : "field '" + field + "' has an invalid value");
        }
        return LamassuException.badRequest("MALFORMED_JSON", "request body is not valid JSON");
    }

    /** Jackson wraps a parser limit hit while binding a field (e.g. nesting inside a map) in a mapping error. */
    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The JSON path of the failing value, e.g. {@code settings.enrollment_settings[0].protocol}. */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** A Java target type said as a JSON type. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another JSON type";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean (true or false)";
        }
        if (type == int.class || type == long.class || type == short.class || type == Integer.class
                || type == Long.class || type == Short.class || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an RFC 3339 date-time string such as 2030-01-01T00:00:00Z";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "JSON";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a value of another JSON type";
    }

    private static String at(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr()
                + ")";
    }
}
