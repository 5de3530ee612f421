package io.lamassu.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

/**
 * What a context's {@code XxxRoutes} class registers against: each route names the least
 * {@link Role} it requires; authentication and role checks happen once, in the platform.
 */
public final class Routes {
    private final RoutesConfig routes;
    private final java.util.List<Registered> registered = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One registered route: the OpenAPI coverage test compares these with the API description. */
    public record Registered(String method, String path, Role role) {
    }

    public Routes(RoutesConfig routes) {
        this.routes = routes;
    }

    public java.util.List<Registered> registered() {
        return java.util.List.copyOf(registered);
    }

    public Routes get(String path, Role role, Handler handler) {
        routes.get(path, handler, role);
        registered.add(new Registered("GET", path, role));
        return this;
    }

    public Routes post(String path, Role role, Handler handler) {
        routes.post(path, handler, role);
        registered.add(new Registered("POST", path, role));
        return this;
    }

    public Routes put(String path, Role role, Handler handler) {
        routes.put(path, handler, role);
        registered.add(new Registered("PUT", path, role));
        return this;
    }

    public Routes patch(String path, Role role, Handler handler) {
        routes.patch(path, handler, role);
        registered.add(new Registered("PATCH", path, role));
        return this;
    }

    public Routes delete(String path, Role role, Handler handler) {
        routes.delete(path, handler, role);
        registered.add(new Registered("DELETE", path, role));
        return this;
    }

    /** A module of routes contributed by one bounded context. */
    public interface Module {
        void register(Routes routes);

        /** Endpoints served in front of the routing pipeline (see {@link RawEndpoint}). */
        default java.util.List<RawEndpoint> rawEndpoints() {
            return java.util.List.of();
        }
    }
}
