package io.lamassu.kms.http;

import io.javalin.http.Context;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.JsonPatches;
import io.lamassu.http.HttpJson;
import io.lamassu.http.MetadataBodies;
import io.lamassu.http.Role;
import io.lamassu.http.Routes;
import io.lamassu.kms.CreateKeyRequest;
import io.lamassu.kms.EngineInfo;
import io.lamassu.kms.ImportKeyRequest;
import io.lamassu.kms.KeyBinding;
import io.lamassu.kms.KeyFields;
import io.lamassu.kms.KmsService;
import io.lamassu.kms.SignRequest;
import io.lamassu.kms.VerifyRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/kms/v1} (upstream-notes §2.2). Reads need VIEWER, sign/verify OPERATOR, changes ADMIN.
 * Handlers only translate; errors are mapped once by the platform.
 */
public final class KmsRoutes implements Routes.Module {
    public static final String PREFIX = "/api/kms/v1";
    private final KmsService kms;

    public KmsRoutes(KmsService kms) {
        this.kms = kms;
    }

    record NameBody(String name) {
    }

    record TagsBody(List<String> tags) {
    }

    record PatchBody(List<JsonPatches.PatchOp> patches) {
    }

    @Override
    public void register(Routes r) {
        r.get(PREFIX + "/stats", Role.VIEWER, ctx -> ctx.json(kms.stats(HttpJson.listQuery(ctx, KeyFields.FIELDS))));
        r.get(PREFIX + "/engines", Role.VIEWER, ctx -> ctx.json(kms.engines().stream().map(KmsRoutes::engine).toList()));
        r.get(PREFIX + "/keys", Role.VIEWER, ctx -> ctx.json(kms.list(HttpJson.listQuery(ctx, KeyFields.FIELDS))));
        r.post(PREFIX + "/keys", Role.ADMIN,
                ctx -> ctx.status(201).json(kms.createKey(HttpJson.body(ctx, CreateKeyRequest.class))));
        r.post(PREFIX + "/keys/import", Role.ADMIN,
                ctx -> ctx.status(201).json(kms.importKey(HttpJson.body(ctx, ImportKeyRequest.class))));
        r.get(PREFIX + "/keys/{id}", Role.VIEWER, ctx -> ctx.json(kms.get(id(ctx))));
        r.delete(PREFIX + "/keys/{id}", Role.ADMIN, ctx -> {
            kms.delete(id(ctx));
            ctx.json(Map.of("status", "deleted"));
        });
        r.put(PREFIX + "/keys/{id}/name", Role.ADMIN,
                ctx -> ctx.json(kms.rename(id(ctx), HttpJson.body(ctx, NameBody.class).name())));
        r.put(PREFIX + "/keys/{id}/tags", Role.ADMIN,
                ctx -> ctx.json(kms.setTags(id(ctx), HttpJson.body(ctx, TagsBody.class).tags())));
        for (String path : List.of("/keys/{id}/alias", "/keys/{id}/aliases")) {
            r.put(PREFIX + path, Role.ADMIN, this::aliases);
            r.patch(PREFIX + path, Role.ADMIN, this::aliases);
        }
        r.put(PREFIX + "/keys/{id}/metadata", Role.ADMIN, this::metadata);
        r.patch(PREFIX + "/keys/{id}/metadata", Role.ADMIN, this::metadata);
        r.post(PREFIX + "/keys/{id}/sign", Role.OPERATOR, ctx -> {
            requireAdminForBoundKey(id(ctx));
            ctx.json(kms.sign(id(ctx), HttpJson.body(ctx, SignRequest.class)));
        });
        r.post(PREFIX + "/keys/{id}/verify", Role.OPERATOR,
                ctx -> ctx.json(kms.verify(id(ctx), HttpJson.body(ctx, VerifyRequest.class))));
    }

    /**
     * A key bound to a CA (or a delegated OCSP responder) signs certificates, CRLs and OCSP answers:
     * signing a caller-chosen digest with it could forge any of them, so it needs the admin role,
     * as the CA's own signature endpoint does. Unbound keys keep the operator role of the route.
     */
    private void requireAdminForBoundKey(String idOrAlias) {
        if (Role.callerHas(Role.ADMIN)) {
            return;
        }
        List<KeyBinding> users = kms.bindings(idOrAlias);
        if (!users.isEmpty()) {
            throw LamassuException.forbidden("INSUFFICIENT_ROLE", "this key signs for "
                    + users.stream().map(b -> b.resourceType() + " " + b.resourceId()).toList()
                    + ": signing with it needs the admin role");
        }
    }

    private void aliases(Context ctx) {
        ctx.json(kms.patchAliases(id(ctx), HttpJson.body(ctx, PatchBody.class).patches()));
    }

    /** One body parser for all five metadata endpoints (design §2, {@link MetadataBodies}). */
    private void metadata(Context ctx) {
        ctx.json(kms.updateMetadata(id(ctx), MetadataBodies.read(ctx, ctx.method().name().equals("PUT"))));
    }

    private static String id(Context ctx) {
        return ctx.pathParam("id");
    }

    /** Upstream's engine JSON uses {@code default}, a Java keyword, hence the map. */
    private static Map<String, Object> engine(EngineInfo e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("default", e.isDefault());
        m.put("type", e.type());
        m.put("security_level", e.securityLevel());
        m.put("provider", e.provider());
        m.put("name", e.name());
        m.put("metadata", e.metadata());
        m.put("supported_key_types", e.supportedKeyTypes());
        return m;
    }
}
