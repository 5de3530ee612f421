package io.lamassu.alerts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What can be decided about a compiled condition from one value of the event, read off the
 * condition when it is compiled: "the text at this path must be one of these strings", or, for a
 * plain JSONPath such as {@code $.data.updated.metadata['site']}, "the path must exist". Checking
 * it costs a cached map lookup, so with thousands of subscriptions only the few that an event could
 * satisfy run their full JSONPath or JSON Schema. Derived only from shapes whose meaning is certain
 * (a pure conjunction with an equality on an object path; required properties down to a
 * {@code const}/{@code enum}); other conditions have none and are always evaluated in full. When
 * the event's path crosses an array or a scalar, nothing is decided and the full condition runs.
 */
record Discriminator(String key, String[] path, Set<String> allowed) {
    private static final String NAME = "[A-Za-z_][A-Za-z0-9_-]*";
    private static final String STEP = "(?:\\." + NAME + "|\\['[A-Za-z0-9_.:/-]+'\\])";
    private static final Pattern DEFINITE = Pattern.compile("\\$(" + STEP + "+)");
    private static final Pattern FILTER = Pattern.compile("\\$(" + STEP + "*)\\[\\?\\((.*)\\)\\]");
    private static final Pattern EQUALS = Pattern.compile("@(" + STEP + "+)\\s*==\\s*'([^'\\\\]*)'");
    private static final Pattern EQUALS_REVERSED = Pattern.compile("'([^'\\\\]*)'\\s*==\\s*@(" + STEP + "+)");
    private static final Pattern STEPS = Pattern.compile("\\.(" + NAME + ")|\\['([^']+)'\\]");
    private static final Pattern LITERAL = Pattern.compile("'[^']*'");
    /** What can make a term not necessary: alternatives, negated groups, and operators hidden in literals. */
    private static final Pattern NOT_A_PURE_CONJUNCTION = Pattern.compile("\\|\\||!\\s*\\(");

    /** Decided: the condition matches or not; UNDECIDED: run it. */
    enum Verdict { MATCH, NO_MATCH, UNDECIDED }

    /** {@code $.a.b[?(@.c == 'x' && ...)]}: the text at {@code a.b.c} must be {@code x}; {@code $.a.b}: must exist. */
    static Discriminator ofJsonPath(String text) {
        String t = text.trim();
        Matcher definite = DEFINITE.matcher(t);
        if (definite.matches()) {
            return of(steps(definite.group(1)), null);
        }
        Matcher m = FILTER.matcher(t);
        if (!m.matches() || NOT_A_PURE_CONJUNCTION.matcher(m.group(2)).find()
                || LITERAL.matcher(m.group(2)).results().anyMatch(l -> l.group().matches(".*[&|!()].*"))) {
            return null;
        }
        for (String term : m.group(2).split("&&")) {
            Matcher eq = EQUALS.matcher(term.trim());
            Matcher rev = EQUALS_REVERSED.matcher(term.trim());
            if (eq.matches()) {
                return of(concat(steps(m.group(1)), steps(eq.group(1))), Set.of(eq.group(2)));
            }
            if (rev.matches()) {
                return of(concat(steps(m.group(1)), steps(rev.group(2))), Set.of(rev.group(1)));
            }
        }
        return null;
    }

    /**
     * Required properties down to a string {@code const} or {@code enum}. Only for dialects where
     * {@code const} exists and {@code $ref} does not hide its siblings (2019-09, 2020-12: the default).
     */
    static Discriminator ofSchema(JsonNode schema) {
        String dialect = schema.path("$schema").asText("");
        if (!dialect.isEmpty() && !dialect.contains("2020-12") && !dialect.contains("2019-09")) {
            return null;
        }
        List<String> path = new ArrayList<>();
        JsonNode level = schema;
        while (level.isObject()) {
            Set<String> allowed = allowed(level);
            if (allowed != null && !path.isEmpty()) {
                return of(path, allowed);
            }
            String next = requiredProperty(level);
            if (next == null) {
                return null;
            }
            path.add(next);
            level = level.get("properties").get(next);
        }
        return null;
    }

    private static Set<String> allowed(JsonNode level) {
        if (level.path("const").isTextual()) {
            return Set.of(level.get("const").asText());
        }
        JsonNode e = level.path("enum");
        if (!e.isArray() || e.isEmpty()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : e) {
            if (!v.isTextual()) {
                return null;
            }
            values.add(v.asText());
        }
        return Set.copyOf(values);
    }

    /** A property that is both required and described under {@code properties} at this level. */
    private static String requiredProperty(JsonNode level) {
        JsonNode props = level.path("properties");
        for (JsonNode r : level.path("required")) {
            if (r.isTextual() && props.path(r.asText()).isObject()) {
                return r.asText();
            }
        }
        return null;
    }

    private static List<String> steps(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = STEPS.matcher(text);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** {@code allowed} null: the path must only exist. */
    private static Discriminator of(List<String> path, Set<String> allowed) {
        return path.isEmpty() ? null : new Discriminator(String.join("\u0000", path), path.toArray(String[]::new), allowed);
    }

    /** The verdict for the event's node at the path ({@code null}: the path is absent, through objects). */
    Verdict decide(JsonNode value) {
        if (allowed == null) {
            return value == null ? Verdict.NO_MATCH : Verdict.MATCH;
        }
        if (value == null || value.isTextual() && !allowed.contains(value.asText())) {
            return Verdict.NO_MATCH;
        }
        return Verdict.UNDECIDED;
    }
}
