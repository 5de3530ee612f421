package io.lamassu.common;

import java.util.Set;

/** Who performs an operation: a token subject with roles, a client certificate, or the system itself. */
public record Actor(String type, String id, Set<String> roles) {
    public static final Actor SYSTEM = new Actor("system", "system", Set.of("ADMIN"));

    public Actor {
        roles = Set.copyOf(roles);
    }
}
