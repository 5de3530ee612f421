package io.lamassu.common;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code next} is an opaque bookmark, empty when this is the last page. */
public record Page<T>(List<T> list, String next) {
    public Page {
        list = List.copyOf(list);
        next = next == null ? "" : next;
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(list.stream().map(mapper).toList(), next);
    }
}
