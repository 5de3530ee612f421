package io.lamassu.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import io.javalin.security.Roles;
import io.lamassu.common.Actor;
import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.common.RequestContext;
import io.lamassu.common.json.Json;
import io.lamassu.config.LamassuConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The process's HTTP front: an HTTPS listener (API, EST; client certificate requested, not
 * required) and a plain HTTP listener (OCSP, CRL, health, metrics). Cross-cutting concerns live
 * here once: request ids, secure headers, HTTPS-only API, body limits, client certificates,
 * authentication and roles, CORS, access log, metrics, health and the error mapper.
 */
public final class HttpServer implements AutoCloseable {
    private static final Actor ANONYMOUS = new Actor("anonymous", "anonymous", Set.of());
    /** How long stopping waits for requests in flight. */
    static final long STOP_TIMEOUT_MILLIS = 20_000;
    private final Javalin app;
    private final HealthRoutes health;
    private Routes routes;

    /**
     * Everything the server needs. {@code tls} null means no HTTPS listener; {@code readiness} is
     * what {@code /health/ready} checks; {@code metrics} receives the per-route timers.
     */
    public record Setup(LamassuConfig.Server config, SslContextFactory.Server tls, TokenVerifier tokens,
                        List<Routes.Module> modules, ReadinessCheck readiness, PrometheusMeterRegistry metrics) {
    }

    public HttpServer(LamassuConfig.Server cfg, SslContextFactory.Server tls, TokenVerifier tokens,
                      List<Routes.Module> modules) {
        this(new Setup(cfg, tls, tokens, modules, () -> { }, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    }

    public HttpServer(Setup setup) {
        this.health = new HealthRoutes(setup.readiness());
        this.app = Javalin.create(c -> configure(c, setup));
    }

    private void configure(JavalinConfig c, Setup s) {
        LamassuConfig.Server cfg = s.config();
        c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        c.http.maxRequestSize = cfg.maxBodyBytes();
        c.http.prefer405over404 = true;
        c.startup.showJavalinBanner = false;
        addConnectors(c, cfg, s.tls());
        List<RawEndpoint> raw = s.modules().stream().flatMap(m -> m.rawEndpoints().stream()).toList();
        c.jetty.modifyServletContextHandler(h -> raw.forEach(e -> {
            org.eclipse.jetty.ee10.servlet.FilterHolder holder = new org.eclipse.jetty.ee10.servlet.FilterHolder(
                    new RawEndpointFilter(e, s.metrics()));
            e.pathSpecs().forEach(p -> h.addFilter(holder, p, java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
        }));
        c.jetty.modifyServer(server -> {
            server.setErrorHandler(new LowLevelErrors());
            // Graceful stop: connectors stop accepting, requests in flight finish (up to the
            // timeout) before the server stops, and only then do the jobs and the database close.
            server.setHandler(new GracefulHandler());
            server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        });
        Cors.configure(c, cfg.corsOrigins());
        ClientCertificates certs = new ClientCertificates(cfg.trustedProxies());
        RequestObserver observer = new RequestObserver(s.metrics());
        c.requestLogger.http(observer::observe);
        c.routes.before(ctx -> begin(ctx, s, certs));
        c.routes.beforeMatched(HttpServer::authorize);
        c.routes.after(ctx -> RequestContext.clear());
        c.routes.exception(Exception.class, ErrorMapper::handle);
        // Javalin answers its own HttpResponseExceptions (404, 405, 413) as text unless mapped explicitly.
        c.routes.exception(HttpResponseException.class, ErrorMapper::handle);
        Routes routes = new Routes(c.routes);
        this.routes = routes;
        health.register(routes);
        new ApiDocsRoutes().register(routes);
        routes.get("/metrics", Role.PUBLIC, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(s.metrics().scrape()));
        for (Routes.Module m : s.modules()) {
            m.register(routes);
        }
    }

    private static void addConnectors(JavalinConfig c, LamassuConfig.Server cfg, SslContextFactory.Server tls) {
        c.jetty.addConnector((server, httpConfig) -> {
            ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
            plain.setHost(cfg.host());
            plain.setPort(cfg.httpPort());
            plain.setName("http");
            return plain;
        });
        if (tls != null) {
            c.jetty.addConnector((server, httpConfig) -> {
                HttpConfiguration secure = new HttpConfiguration(httpConfig);
                // No SNI checks: clients reach us by IP (127.0.0.1) and SNI never carries an IP (RFC 6066 §3).
                secure.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
                ServerConnector https = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                        new HttpConnectionFactory(secure));
                https.setHost(cfg.host());
                https.setPort(cfg.httpsPort());
                https.setName("https");
                return https;
            });
        }
    }

    /** Every /api request is authenticated before routing, so unknown paths do not leak as 404s. */
    private static void begin(Context ctx, Setup s, ClientCertificates certs) {
        String id = RequestIds.choose(ctx.header(RequestIds.HEADER));
        ctx.attribute(RequestIds.ATTRIBUTE, id);
        ctx.header(RequestIds.HEADER, id);
        RequestContext.set(ANONYMOUS, id);
        SecureHeaders.apply(ctx);
        boolean api = ctx.path().startsWith("/api/") && !isPublicApi(ctx.path());
        if ((api || ctx.path().startsWith("/.well-known/est/")) && !ctx.req().isSecure()
                && !s.config().allowApiOverHttp() && !certs.fromTrustedProxy(ctx)) {
            throw LamassuException.forbidden("HTTPS_REQUIRED",
                    "this endpoint is served over HTTPS only (port " + s.config().httpsPort() + ")");
        }
        if (ctx.req().getContentLengthLong() > s.config().maxBodyBytes()) {
            throw new LamassuException(ErrorKind.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                    "request body exceeds " + s.config().maxBodyBytes() + " bytes");
        }
        certs.resolve(ctx);
        if (api && !ctx.method().name().equals("OPTIONS")) {
            String header = ctx.header("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw LamassuException.unauthorized("MISSING_TOKEN", "a Bearer token is required");
            }
            RequestContext.set(s.tokens().verify(header.substring(7).trim()), id);
        }
        QueryStrings.requireWellFormed(ctx.queryString());
    }

    /** OCSP and CRLs under /api/va are public, over plain HTTP, like /ocsp and /crl (relying parties have no token). */
    static boolean isPublicApi(String path) {
        return ApiDocsRoutes.isPublic(path) || path.equals("/api/va/ocsp") || path.startsWith("/api/va/ocsp/") || path.startsWith("/api/va/v1/crl/");
    }

    private static void authorize(Context ctx) {
        RequestContext.setRoute(ctx.method().name() + " " + RequestObserver.route(ctx));
        Set<RouteRole> roles = ctx.routeRoles();
        Role required = roles.isEmpty() ? Role.PUBLIC : (Role) roles.iterator().next();
        if (required == Role.PUBLIC) {
            return;
        }
        if (!Role.callerHas(required)) {
            throw LamassuException.forbidden("INSUFFICIENT_ROLE",
                    "this operation needs the " + required.name().toLowerCase(Locale.ROOT) + " role");
        }
    }

    /** One registered route: method, path as registered, and the least role it needs. */
    public record RouteEntry(String method, String path, Role role) {
    }

    /**
     * Every HTTP route the router holds, read from the router itself (not from a list kept beside
     * it), so that tests generated from it (the authorization matrix) cover routes added later.
     */
    public List<RouteEntry> routeTable() {
        Set<String> methods = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> methods.contains(e.endpoint.method.name()))
                .map(e -> {
                    Roles roles = e.endpoint.metadata(Roles.class);
                    Role role = roles == null || roles.getRoles().isEmpty() ? Role.PUBLIC
                            : (Role) roles.getRoles().iterator().next();
                    return new RouteEntry(e.endpoint.method.name(), e.endpoint.path, role);
                })
                .toList();
    }

    /** Every route registered, with its least role (the OpenAPI coverage test reads them). */
    public java.util.List<Routes.Registered> routes() {
        return routes.registered();
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
        health.close();
    }
}
