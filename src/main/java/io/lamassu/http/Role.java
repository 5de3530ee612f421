package io.lamassu.http;

import io.javalin.security.RouteRole;
import io.lamassu.common.RequestContext;

/**
 * API roles. {@code ADMIN} may do everything; {@code OPERATOR} registers and enrolls devices and
 * signs and revokes end-entity certificates; {@code VIEWER} reads. A route names the least role it
 * needs; higher roles include lower ones. {@code PUBLIC} routes need no token (OCSP, CRL, health).
 */
public enum Role implements RouteRole {
    PUBLIC(0), VIEWER(1), OPERATOR(2), ADMIN(3);

    private final int rank;

    Role(int rank) {
        this.rank = rank;
    }

    public boolean includes(Role required) {
        return rank >= required.rank;
    }

    /** Whether the caller of the current request holds {@code required} or a higher role. */
    public static boolean callerHas(Role required) {
        return RequestContext.current().actor().roles().stream().map(Role::valueOf)
                .anyMatch(r -> r.includes(required));
    }
}
