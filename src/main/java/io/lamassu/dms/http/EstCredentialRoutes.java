package io.lamassu.dms.http;

import io.lamassu.dms.EstCredentialService;
import io.lamassu.http.HttpJson;
import io.lamassu.http.Role;
import io.lamassu.http.Routes;
import java.util.Map;

/**
 * {@code /api/dmsmanager/v1/dms/{id}/est/basic-credential}: the HTTP Basic credential of a DMS
 * whose EST auth mode is HTTP_BASIC. Admin only; the password is write-only (only whether one is
 * set is ever shown).
 */
public final class EstCredentialRoutes implements Routes.Module {
    private static final String PATH = "/api/dmsmanager/v1/dms/{id}/est/basic-credential";
    private final EstCredentialService service;

    public EstCredentialRoutes(EstCredentialService service) {
        this.service = service;
    }

    @Override
    public void register(Routes r) {
        r.put(PATH, Role.ADMIN, ctx -> {
            service.set(ctx.pathParam("id"), HttpJson.body(ctx, EstCredentialService.Credential.class));
            ctx.status(204);
        });
        r.get(PATH, Role.ADMIN, ctx -> ctx.json(Map.of("set", service.isSet(ctx.pathParam("id")))));
        r.delete(PATH, Role.ADMIN, ctx -> {
            service.clear(ctx.pathParam("id"));
            ctx.status(204);
        });
    }
}
