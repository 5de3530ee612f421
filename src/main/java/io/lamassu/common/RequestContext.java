package io.lamassu.common;

/**
 * The caller and request id of the operation running on this thread. Set by the HTTP layer for each
 * request (Jetty runs a handler on one thread) and by background jobs; read by audit and events, so
 * that services need not thread an actor parameter through every call.
 */
public final class RequestContext {
    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    private final Actor actor;
    private final String requestId;

    private RequestContext(Actor actor, String requestId) {
        this.actor = actor;
        this.requestId = requestId;
    }

    public static RequestContext current() {
        RequestContext ctx = CURRENT.get();
        return ctx != null ? ctx : new RequestContext(Actor.SYSTEM, "");
    }

    public static void set(Actor actor, String requestId) {
        CURRENT.set(new RequestContext(actor, requestId));
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** This thread's context as it is (null when none was set), to carry it to another thread. */
    public static RequestContext capture() {
        return CURRENT.get();
    }

    /** Makes a captured context this thread's (none when {@code ctx} is null). */
    public static void restore(RequestContext ctx) {
        if (ctx == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(ctx);
        }
    }

    public Actor actor() {
        return actor;
    }

    public String requestId() {
        return requestId;
    }
}
