package io.lamassu.http;

import java.security.cert.X509Certificate;
import java.util.Map;

/** Test-only routes that exercise the platform: roles, bodies, failures and client certificates. */
final class ProbeRoutes implements Routes.Module {
    @Override
    public void register(Routes routes) {
        routes.get("/api/test/probe/{id}", Role.VIEWER, ctx -> ctx.json(Map.of("id", ctx.pathParam("id"),
                "actor", io.lamassu.common.RequestContext.current().actor().id())));
        routes.post("/api/test/probe", Role.OPERATOR, ctx -> {
            Map<?, ?> body = HttpJson.body(ctx, Map.class);
            ctx.status(201).json(Map.of("keys", body.size()));
        });
        routes.delete("/api/test/probe/{id}", Role.ADMIN, ctx -> ctx.status(204));
        routes.get("/api/test/boom", Role.VIEWER, ctx -> {
            throw new IllegalStateException("jdbc:postgresql://db/prod?password=hunter2 failed");
        });
        routes.get("/probe/client-cert", Role.PUBLIC, ctx -> ctx.json(Map.of("subjects",
                ClientCertificates.of(ctx).stream().map(X509Certificate::getSubjectX500Principal)
                        .map(Object::toString).toList())));
    }
}
