package io.lamassu.ca.http;

import io.javalin.http.Context;
import io.lamassu.ca.CaFields;
import io.lamassu.ca.CaService;
import io.lamassu.ca.CaStatsService;
import io.lamassu.ca.CertificateService;
import io.lamassu.ca.CreateCaRequest;
import io.lamassu.ca.ImportCaRequest;
import io.lamassu.ca.ImportCertificateRequest;
import io.lamassu.ca.IssuanceProfile;
import io.lamassu.ca.ProfileService;
import io.lamassu.ca.ReissueCaRequest;
import io.lamassu.ca.SignRequest;
import io.lamassu.ca.SignatureRequest;
import io.lamassu.ca.StatusRequest;
import io.lamassu.common.LamassuException;
import io.lamassu.http.HttpJson;
import io.lamassu.http.MetadataBodies;
import io.lamassu.http.Role;
import io.lamassu.http.Routes;
import java.util.List;
import java.util.Map;

/**
 * The CA API under {@code /api/ca/v1} (upstream-notes §2.1 plus the seed's {@code /cas/{id}/sign}).
 * Reads need VIEWER; signing CSRs, verifying signatures and end-entity status changes OPERATOR;
 * everything else (reissue and signing data with a CA key included) ADMIN.
 * {@code POST /cas/{id}/status} answers 201 as upstream does.
 */
public final class CaRoutes implements Routes.Module {
    private static final String BASE = "/api/ca/v1";
    private final ProfileService profiles;
    private final CaService cas;
    private final CertificateService certificates;
    private final CaStatsService stats;

    public CaRoutes(ProfileService profiles, CaService cas, CertificateService certificates, CaStatsService stats) {
        this.profiles = profiles;
        this.cas = cas;
        this.certificates = certificates;
        this.stats = stats;
    }

    /** Request body of {@code POST /cas/{id}/profile}. */
    public record ProfileIdRequest(String profileId) {
    }

    @Override
    public void register(Routes r) {
        profileRoutes(r);
        caRoutes(r);
        certificateRoutes(r);
        r.get(BASE + "/stats", Role.VIEWER, ctx -> ctx.json(stats.stats(ctx.queryParams("ca_filter"),
                ctx.queryParams("cert_filter"))));
        r.get(BASE + "/stats/{id}", Role.VIEWER, ctx -> ctx.json(stats.statsForCa(ctx.pathParam("id"),
                ctx.queryParams("cert_filter"))));
    }

    private void profileRoutes(Routes r) {
        r.get(BASE + "/profiles", Role.VIEWER, ctx -> ctx.json(profiles.list(HttpJson.listQuery(ctx, CaFields.PROFILE))));
        r.post(BASE + "/profiles", Role.ADMIN,
                ctx -> ctx.status(201).json(profiles.create(HttpJson.body(ctx, IssuanceProfile.class))));
        r.get(BASE + "/profiles/{id}", Role.VIEWER, ctx -> ctx.json(profiles.get(ctx.pathParam("id"))));
        r.put(BASE + "/profiles/{id}", Role.ADMIN,
                ctx -> ctx.json(profiles.update(ctx.pathParam("id"), HttpJson.body(ctx, IssuanceProfile.class))));
        r.delete(BASE + "/profiles/{id}", Role.ADMIN, ctx -> {
            profiles.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
    }

    private void caRoutes(Routes r) {
        r.get(BASE + "/cas", Role.VIEWER, ctx -> ctx.json(cas.list(HttpJson.listQuery(ctx, CaFields.CA))));
        r.post(BASE + "/cas", Role.ADMIN,
                ctx -> ctx.status(201).json(cas.create(HttpJson.body(ctx, CreateCaRequest.class))));
        r.post(BASE + "/cas/import", Role.ADMIN,
                ctx -> ctx.status(201).json(cas.importCa(HttpJson.body(ctx, ImportCaRequest.class))));
        r.get(BASE + "/cas/cn/{cn}", Role.VIEWER, ctx -> ctx.json(cas.listByCommonName(ctx.pathParam("cn"),
                HttpJson.listQuery(ctx, CaFields.CA))));
        r.get(BASE + "/cas/{id}", Role.VIEWER, ctx -> ctx.json(cas.get(ctx.pathParam("id"))));
        r.put(BASE + "/cas/{id}/metadata", Role.ADMIN, this::caMetadata);
        r.patch(BASE + "/cas/{id}/metadata", Role.ADMIN, this::caMetadata);
        r.post(BASE + "/cas/{id}/status", Role.ADMIN, ctx -> ctx.status(201)
                .json(cas.updateStatus(ctx.pathParam("id"), HttpJson.body(ctx, StatusRequest.class))));
        r.post(BASE + "/cas/{id}/profile", Role.ADMIN, ctx -> ctx.json(cas.updateProfile(ctx.pathParam("id"),
                HttpJson.body(ctx, ProfileIdRequest.class).profileId())));
        r.post(BASE + "/cas/{id}/reissue", Role.ADMIN, ctx -> ctx.json(cas.reissue(ctx.pathParam("id"),
                HttpJson.body(ctx, ReissueCaRequest.class))));
        // Signing arbitrary data (or a digest) with a CA key could forge certificates and CRLs: admins only.
        r.post(BASE + "/cas/{id}/signature/sign", Role.ADMIN, ctx -> ctx.json(Map.of("signed_data",
                cas.signWithKey(ctx.pathParam("id"), HttpJson.body(ctx, SignatureRequest.class)))));
        r.post(BASE + "/cas/{id}/signature/verify", Role.OPERATOR, ctx -> ctx.json(Map.of("valid",
                cas.verifyWithKey(ctx.pathParam("id"), HttpJson.body(ctx, SignatureRequest.class)))));
        r.delete(BASE + "/cas/{id}", Role.ADMIN, ctx -> {
            cas.delete(ctx.pathParam("id"), cascadeDelete(ctx.queryParam("cascade_delete")));
            ctx.json(Map.of());
        });
        r.get(BASE + "/cas/{id}/certificates", Role.VIEWER, ctx -> ctx.json(certificates.listByCa(
                ctx.pathParam("id"), HttpJson.listQuery(ctx, CaFields.CERTIFICATE))));
        r.get(BASE + "/cas/{id}/certificates/status/{status}", Role.VIEWER, ctx -> ctx.json(certificates.listByCa(
                ctx.pathParam("id"), HttpJson.listQuery(ctx, CaFields.CERTIFICATE)
                        .withFilters(List.of(io.lamassu.common.query.QueryParser.filter(
                                CaFields.CERTIFICATE.get("status"), "eq", ctx.pathParam("status")))))));
        r.post(BASE + "/cas/{id}/sign", Role.OPERATOR, this::sign);
        r.post(BASE + "/cas/{id}/certificates/sign", Role.OPERATOR, this::sign);
        r.get(BASE + "/cas/{id}/certificates/{sn}", Role.VIEWER,
                ctx -> ctx.json(certificates.getIssuedBy(ctx.pathParam("id"), ctx.pathParam("sn"))));
    }

    private void certificateRoutes(Routes r) {
        r.get(BASE + "/certificates", Role.VIEWER,
                ctx -> ctx.json(certificates.list(HttpJson.listQuery(ctx, CaFields.CERTIFICATE))));
        r.get(BASE + "/certificates/expiration", Role.VIEWER, ctx -> ctx.json(certificates.listExpiring(
                ctx.queryParam("expires_after"), ctx.queryParam("expires_before"),
                HttpJson.listQuery(ctx, CaFields.CERTIFICATE))));
        r.get(BASE + "/certificates/status/{status}", Role.VIEWER, ctx -> ctx.json(certificates.listByStatus(
                ctx.pathParam("status"), HttpJson.listQuery(ctx, CaFields.CERTIFICATE))));
        r.post(BASE + "/certificates/import", Role.ADMIN, ctx -> ctx.status(201)
                .json(certificates.importCertificate(HttpJson.body(ctx, ImportCertificateRequest.class))));
        r.get(BASE + "/certificates/{sn}", Role.VIEWER, ctx -> ctx.json(certificates.get(ctx.pathParam("sn"))));
        r.put(BASE + "/certificates/{sn}/status", Role.OPERATOR, ctx -> ctx.json(certificates.updateStatus(
                ctx.pathParam("sn"), HttpJson.body(ctx, StatusRequest.class))));
        r.put(BASE + "/certificates/{sn}/metadata", Role.ADMIN, this::certificateMetadata);
        r.patch(BASE + "/certificates/{sn}/metadata", Role.ADMIN, this::certificateMetadata);
        r.delete(BASE + "/certificates/{sn}", Role.ADMIN, ctx -> {
            certificates.delete(ctx.pathParam("sn"));
            ctx.status(204);
        });
    }

    private void sign(Context ctx) {
        SignRequest body = HttpJson.body(ctx, SignRequest.class);
        if (body.csr() == null || body.csr().isBlank()) {
            throw LamassuException.badRequest("INVALID_CSR", "csr is required");
        }
        ctx.status(201).json(certificates.sign(ctx.pathParam("id"), body));
    }

    private void caMetadata(Context ctx) {
        ctx.json(cas.updateMetadata(ctx.pathParam("id"), MetadataBodies.read(ctx, isPut(ctx))));
    }

    private void certificateMetadata(Context ctx) {
        ctx.json(certificates.updateMetadata(ctx.pathParam("sn"), MetadataBodies.read(ctx, isPut(ctx))));
    }

    /** Upstream parses {@code cascade_delete} as a Go bool; anything else is a 400, not a silent "no". */
    private static boolean cascadeDelete(String value) {
        if (value == null || value.isEmpty() || value.equals("0") || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equals("1") || value.equalsIgnoreCase("true")) {
            return true;
        }
        throw LamassuException.badRequest("INVALID_QUERY_PARAMETER", "cascade_delete must be true, false, 1 or 0");
    }

    private static boolean isPut(Context ctx) {
        return ctx.method().name().equals("PUT");
    }
}
