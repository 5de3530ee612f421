package io.lamassu.common;

import org.slf4j.MDC;

/**
 * The caller and request id of the operation running on this thread. Set by the HTTP layer for each
 * request (Jetty runs a handler on one thread) and by background jobs; read by audit and events, so
 * that services need not thread an actor parameter through every call. The same values are
 * mirrored into the logging MDC ({@code request_id}, {@code actor}, {@code route}), so every log
 * line written for the operation — on the request thread, the SQLite writer thread that runs its
 * transaction, or a job — carries them (issue 13).
 */
public final class RequestContext {
    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    public static final String MDC_REQUEST_ID = "request_id";
    public static final String MDC_ACTOR = "actor";
    public static final String MDC_ROUTE = "route";
    private final Actor actor;
    private final String requestId;
    private final String route;

    private RequestContext(Actor actor, String requestId, String route) {
        this.actor = actor;
        this.requestId = requestId;
        this.route = route;
    }

    public static RequestContext current() {
        RequestContext ctx = CURRENT.get();
        return ctx != null ? ctx : new RequestContext(Actor.SYSTEM, "", "");
    }

    /** Keeps the route of the current context (authentication happens after the route is known). */
    public static void set(Actor actor, String requestId) {
        RequestContext now = CURRENT.get();
        install(new RequestContext(actor, requestId, now == null ? "" : now.route));
    }

    /** The route template ({@code GET /api/ca/v1/cas/{id}}) or job name the operation runs under. */
    public static void setRoute(String route) {
        RequestContext now = current();
        install(new RequestContext(now.actor, now.requestId, route == null ? "" : route));
    }

    public static void clear() {
        CURRENT.remove();
        MDC.remove(MDC_REQUEST_ID);
        MDC.remove(MDC_ACTOR);
        MDC.remove(MDC_ROUTE);
    }

    private static void install(RequestContext ctx) {
        CURRENT.set(ctx);
        MDC.put(MDC_REQUEST_ID, ctx.requestId);
        // Type and subject only: never a token, never a role list.
        MDC.put(MDC_ACTOR, ctx.actor.type() + ":" + ctx.actor.id());
        if (ctx.route.isEmpty()) {
            MDC.remove(MDC_ROUTE);
        } else {
            MDC.put(MDC_ROUTE, ctx.route);
        }
    }

    /** This thread's context as it is (null when none was set), to carry it to another thread. */
    public static RequestContext capture() {
        return CURRENT.get();
    }

    /** Makes a captured context this thread's (none when {@code ctx} is null). */
    public static void restore(RequestContext ctx) {
        if (ctx == null) {
            clear();
        } else {
            install(ctx);
        }
    }

    public Actor actor() {
        return actor;
    }

    public String requestId() {
        return requestId;
    }

    public String route() {
        return route;
    }
}
