package io.lamassu.dms.http;

import io.javalin.http.Context;
import io.lamassu.common.query.QueryParser;
import io.lamassu.http.MetadataBodies;
import io.lamassu.dms.BindIdentity;
import io.lamassu.dms.Dms;
import io.lamassu.dms.DmsFields;
import io.lamassu.dms.DmsService;
import io.lamassu.dms.DmsSettings;
import io.lamassu.http.HttpJson;
import io.lamassu.http.Role;
import io.lamassu.http.Routes;
import java.time.Instant;
import java.util.Map;

/**
 * {@code /api/dmsmanager/v1}: reads need VIEWER; DMS changes need ADMIN (a DMS decides who may
 * enroll); binding an identity needs OPERATOR, like registering a device.
 */
public final class DmsRoutes implements Routes.Module {
    private static final String BASE = "/api/dmsmanager/v1";
    private final DmsService service;

    public DmsRoutes(DmsService service) {
        this.service = service;
    }

    /** Upstream clients may send back creation_ts from a GET; it is ignored. */
    record DmsRequest(String id, String name, Map<String, Object> metadata, DmsSettings settings, Instant creationTs) {
        Dms toDms() {
            return new Dms(id, name, metadata, null, settings);
        }
    }

    @Override
    public void register(Routes r) {
        r.post(BASE + "/dms/bind-identity", Role.OPERATOR,
                ctx -> ctx.json(service.bindIdentity(HttpJson.body(ctx, BindIdentity.class))));
        r.post(BASE + "/dms", Role.ADMIN, ctx -> ctx.status(201).json(service.create(body(ctx))));
        r.get(BASE + "/dms", Role.VIEWER, ctx -> ctx.json(service.list(HttpJson.listQuery(ctx, DmsFields.FIELDS))));
        r.get(BASE + "/dms/{id}", Role.VIEWER, ctx -> ctx.json(service.get(ctx.pathParam("id"))));
        r.put(BASE + "/dms/{id}", Role.ADMIN, ctx -> ctx.json(service.update(ctx.pathParam("id"), body(ctx))));
        r.put(BASE + "/dms/{id}/metadata", Role.ADMIN, ctx -> ctx.json(service.updateMetadata(ctx.pathParam("id"),
                MetadataBodies.read(ctx, true))));
        r.patch(BASE + "/dms/{id}/metadata", Role.ADMIN, ctx -> ctx.json(service.updateMetadata(ctx.pathParam("id"),
                MetadataBodies.read(ctx, false))));
        r.delete(BASE + "/dms/{id}", Role.ADMIN, ctx -> {
            service.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        r.get(BASE + "/stats", Role.VIEWER, ctx -> ctx.json(Map.of("total",
                service.count(QueryParser.parseFilters(ctx.queryParams("filter"), DmsFields.FIELDS)))));
    }

    private static Dms body(Context ctx) {
        return HttpJson.body(ctx, DmsRequest.class).toDms();
    }
}
