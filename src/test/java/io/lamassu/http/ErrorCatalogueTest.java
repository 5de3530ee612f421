package io.lamassu.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one error-code catalogue agrees with the codes the source throws, the error mapper and docs/errors.md. */
class ErrorCatalogueTest {
    private static final Map<String, Integer> FACTORIES = Map.of("badRequest", 400, "notFound", 404,
            "conflict", 409, "unprocessable", 422, "forbidden", 403, "unauthorized", 401);
    private static final Map<String, Integer> KINDS = Map.of("BAD_REQUEST", 400, "UNAUTHORIZED", 401,
            "FORBIDDEN", 403, "NOT_FOUND", 404, "CONFLICT", 409, "PAYLOAD_TOO_LARGE", 413,
            "UNSUPPORTED_MEDIA_TYPE", 415, "UNPROCESSABLE", 422, "UNAVAILABLE", 503, "INTERNAL", 500);

    static String source() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(p)).append('\n');
            }
        }
        return all.toString();
    }

    static Set<String> pairs() {
        Set<String> out = new HashSet<>();
        ErrorCatalogue.entries().forEach(e -> out.add(e.code() + " " + e.status()));
        return out;
    }

    @Test
    void everyCodeTheSourceThrowsIsCataloguedWithItsStatus() throws IOException {
        String src = source();
        Set<String> missing = new TreeSet<>();
        Matcher f = Pattern.compile("\\b(badRequest|notFound|conflict|unprocessable|forbidden|unauthorized)\\(\\s*\"([A-Z0-9_]+)\"")
                .matcher(src);
        while (f.find()) {
            missing.add(f.group(2) + " " + FACTORIES.get(f.group(1)));
        }
        Matcher k = Pattern.compile("ErrorKind\\.([A-Z_]+),\\s*\"([A-Z0-9_]+)\"").matcher(src);
        while (k.find()) {
            missing.add(k.group(2) + " " + KINDS.get(k.group(1)));
        }
        Matcher w = Pattern.compile("write(?:Est)?\\(\\s*ctx,\\s*(\\d{3}),\\s*\"([A-Z0-9_]+)\"").matcher(src);
        while (w.find()) {
            missing.add(w.group(2) + " " + w.group(1));
        }
        assertThat(missing).hasSizeGreaterThan(100);
        missing.removeAll(pairs());
        assertThat(missing).as("codes thrown but not in api/error-codes.json (run tools/error-catalogue.py)").isEmpty();

        // Codes handed to helpers as parameters: any literal that looks like an error code must be catalogued.
        Set<String> lookalikes = new TreeSet<>();
        Matcher l = Pattern.compile("\"((?:INVALID|MALFORMED)_[A-Z0-9_]+|[A-Z0-9_]+_(?:NOT_FOUND|ALREADY_EXISTS|IN_USE))\"")
                .matcher(src);
        while (l.find()) {
            if (ErrorCatalogue.find(l.group(1)).isEmpty()) {
                lookalikes.add(l.group(1));
            }
        }
        assertThat(lookalikes).isEmpty();
    }

    @Test
    void everyCataloguedCodeIsUsedAndDocumented() throws IOException {
        String src = source();
        String doc = Files.readString(Path.of("docs/errors.md"));
        for (ErrorCatalogue.Entry e : ErrorCatalogue.entries()) {
            assertThat(src).as(e.code() + " is thrown somewhere").contains("\"" + e.code() + "\"");
            assertThat(doc).contains("| `" + e.code() + "` | " + e.status() + " | " + e.title() + " |");
        }
    }

    @Test
    void problemTitlesComeFromTheCatalogue() {
        try (TestApp app = TestApp.sqlite()) {
            TestHttp.Response r = TestHttp.plain(app.httpBase(), app.token("viewer")).get("/api/ca/v1/cas/nope");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().get("code").asText()).isEqualTo("CA_NOT_FOUND");
            assertThat(r.json().get("title").asText()).isEqualTo(ErrorCatalogue.find("CA_NOT_FOUND").orElseThrow().title());
        }
    }
}
