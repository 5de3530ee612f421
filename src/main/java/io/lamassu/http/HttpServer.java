package io.lamassu.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import io.lamassu.common.Actor;
import io.lamassu.common.LamassuException;
import io.lamassu.common.RequestContext;
import io.lamassu.common.json.Json;
import io.lamassu.config.LamassuConfig;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The process's HTTP front: an HTTPS listener (API, EST; client certificate requested, not
 * required) and a plain HTTP listener (OCSP, CRL, health, metrics). Cross-cutting concerns live
 * here once: request ids, authentication and roles, body limits, and the error mapper.
 */
public final class HttpServer implements AutoCloseable {
    private static final Actor ANONYMOUS = new Actor("anonymous", "anonymous", Set.of());
    private final Javalin app;

    public HttpServer(LamassuConfig.Server cfg, SslContextFactory.Server tls, TokenVerifier tokens,
                      List<Routes.Module> modules) {
        this.app = Javalin.create(c -> configure(c, cfg, tls, tokens, modules));
    }

    private static void configure(JavalinConfig c, LamassuConfig.Server cfg, SslContextFactory.Server tls,
                                  TokenVerifier tokens, List<Routes.Module> modules) {
        c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        c.http.maxRequestSize = cfg.maxBodyBytes();
        c.startup.showJavalinBanner = false;
        c.jetty.addConnector((server, httpConfig) -> {
            ServerConnector plain = new ServerConnector(server);
            plain.setHost(cfg.host());
            plain.setPort(cfg.httpPort());
            plain.setName("http");
            return plain;
        });
        if (tls != null) {
            c.jetty.addConnector((server, httpConfig) -> {
                ServerConnector https = new ServerConnector(server, tls);
                https.setHost(cfg.host());
                https.setPort(cfg.httpsPort());
                https.setName("https");
                return https;
            });
        }
        c.routes.before(ctx -> begin(ctx, tokens));
        c.routes.beforeMatched(HttpServer::authorize);
        c.routes.after(ctx -> RequestContext.clear());
        c.routes.exception(Exception.class, ErrorMapper::handle);
        Routes routes = new Routes(c.routes);
        for (Routes.Module m : modules) {
            m.register(routes);
        }
    }

    /** Every /api request is authenticated before routing, so unknown paths do not leak as 404s. */
    private static void begin(Context ctx, TokenVerifier tokens) {
        String id = RequestIds.choose(ctx.header(RequestIds.HEADER));
        ctx.attribute(RequestIds.ATTRIBUTE, id);
        ctx.header(RequestIds.HEADER, id);
        RequestContext.set(ANONYMOUS, id);
        if (ctx.path().startsWith("/api/") && !ctx.method().name().equals("OPTIONS")) {
            String header = ctx.header("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw LamassuException.unauthorized("MISSING_TOKEN", "a Bearer token is required");
            }
            RequestContext.set(tokens.verify(header.substring(7).trim()), id);
        }
    }

    private static void authorize(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        Role required = roles.isEmpty() ? Role.PUBLIC : (Role) roles.iterator().next();
        if (required == Role.PUBLIC) {
            return;
        }
        Actor actor = RequestContext.current().actor();
        if (actor.roles().stream().map(Role::valueOf).noneMatch(r -> r.includes(required))) {
            throw LamassuException.forbidden("INSUFFICIENT_ROLE",
                    "this operation needs the " + required.name().toLowerCase() + " role");
        }
    }

    public HttpServer start() {
        app.start();
        return this;
    }

    /** The actual port of the named connector ("http" or "https"), useful when configured as 0. */
    public int port(String connectorName) {
        for (var connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector sc && connectorName.equals(sc.getName())) {
                return sc.getLocalPort();
            }
        }
        throw new IllegalStateException("no connector " + connectorName);
    }

    @Override
    public void close() {
        app.stop();
    }
}
