package io.lamassu.http;

import io.lamassu.common.Uuids;

/** Every response carries {@code X-Request-Id}: the caller's if it sent a sane one, else a new one. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = "lamassu.requestId";

    private RequestIds() {
    }

    public static String choose(String incoming) {
        if (incoming != null && incoming.matches("[A-Za-z0-9._-]{1,64}")) {
            return incoming;
        }
        return Uuids.random();
    }
}
