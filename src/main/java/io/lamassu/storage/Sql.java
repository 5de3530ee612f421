package io.lamassu.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** SQL text with its bound parameters in order, so a fragment that repeats brings its parameters along. */
final class Sql {
    private final StringBuilder text = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    /** A fragment and the parameters of its {@code ?} placeholders, in order. */
    record Part(String text, List<Object> params) {
        static Part of(String text, Object... params) {
            List<Object> ps = new ArrayList<>();
            Collections.addAll(ps, params);
            return new Part(text, ps);
        }
    }

    Sql add(String sql, Object... ps) {
        text.append(sql);
        Collections.addAll(params, ps);
        return this;
    }

    Sql add(Part part) {
        text.append(part.text());
        params.addAll(part.params());
        return this;
    }

    String text() {
        return text.toString();
    }

    List<Object> params() {
        return params;
    }
}
