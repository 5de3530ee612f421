package io.lamassu.audit.http;

import io.lamassu.audit.AuditFields;
import io.lamassu.audit.AuditLog;
import io.lamassu.http.HttpJson;
import io.lamassu.http.Role;
import io.lamassu.http.Routes;

/** {@code /api/audit/v1}: the audit trail is for administrators only (it names every actor). */
public final class AuditRoutes implements Routes.Module {
    static final String BASE = "/api/audit/v1";
    private final AuditLog log;

    public AuditRoutes(AuditLog log) {
        this.log = log;
    }

    @Override
    public void register(Routes r) {
        r.get(BASE + "/records", Role.ADMIN, ctx -> ctx.json(log.list(HttpJson.listQuery(ctx, AuditFields.FIELDS))));
    }
}
