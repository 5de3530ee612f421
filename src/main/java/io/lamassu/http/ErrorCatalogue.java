package io.lamassu.http;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lamassu.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one catalogue of error codes (issue 13): code, HTTP status and title, read from
 * {@code api/error-codes.json}. The error mapper takes each problem's {@code title} from it, the
 * OpenAPI document lists it ({@code ErrorCode}, {@code x-error-codes}) and docs/errors.md is
 * checked against it; {@code ErrorCatalogueTest} fails when code throws a code that is missing.
 * A code may be listed with two statuses when it means the same thing in two places.
 */
public final class ErrorCatalogue {
    public record Entry(String code, int status, String title) {
    }

    private static final List<Entry> ENTRIES = load();
    private static final Map<String, Entry> BY_CODE = index(ENTRIES);

    private ErrorCatalogue() {
    }

    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static Optional<Entry> find(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    private static List<Entry> load() {
        try (InputStream in = ErrorCatalogue.class.getResourceAsStream("/api/error-codes.json")) {
            return List.copyOf(Json.MAPPER.readValue(in, new TypeReference<List<Entry>>() {
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the error-code catalogue", e);
        }
    }

    private static Map<String, Entry> index(List<Entry> entries) {
        Map<String, Entry> m = new LinkedHashMap<>();
        entries.forEach(e -> m.putIfAbsent(e.code(), e));
        return Map.copyOf(m);
    }
}
