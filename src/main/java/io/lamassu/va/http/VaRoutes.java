package io.lamassu.va.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lamassu.ca.CaService;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.common.Durations;
import io.lamassu.common.LamassuException;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.Pem;
import io.lamassu.http.HttpJson;
import io.lamassu.http.Role;
import io.lamassu.http.Routes;
import io.lamassu.va.RoleUpdate;
import io.lamassu.va.StoredCrl;
import io.lamassu.va.ValidationAuthority;
import io.lamassu.va.VaRole;
import io.lamassu.va.VaRoleJson;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Public OCSP ({@link OcspEndpoint}), CRLs ({@code /crl/{ski}}, {@code /api/va/v1/crl/{ski}}, each with {@code /delta}), CA
 * certificates for AIA caIssuers ({@code /ca/{ski}.crt}) and the roles API (upstream §2.3).
 */
public final class VaRoutes implements Routes.Module {
    public static final String BASE = "/api/va/v1";
    static final String PKIX_CRL = "application/pkix-crl";
    static final String PEM = "application/x-pem-file";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Set<String> ROLE_FIELDS = Set.of("ca_ski", "crl_options", "ocsp_options", "latest_crl",
            "latest_delta_crl", "ca_id", "refresh_interval", "validity", "subject_key_id_signer",
            "regenerate_on_revoke", "delta_crl_enabled", "delta_crl_validity");
    private static final Set<String> OCSP_FIELDS = Set.of("validity", "delegated_signer");
    /** {@code certificate} is read-only (as GET returns it): accepted and ignored like the other read-only fields. */
    private static final Set<String> SIGNER_FIELDS = Set.of("enabled", "validity", "certificate");
    private final ValidationAuthority va;
    private final CaService cas;

    public VaRoutes(ValidationAuthority va, CaService cas) {
        this.va = va;
        this.cas = cas;
    }

    @Override
    public List<io.lamassu.http.RawEndpoint> rawEndpoints() {
        return List.of(new OcspEndpoint(va.ocsp()));
    }

    @Override
    public void register(Routes r) {
        for (String crl : new String[] {"/crl/{ski}", BASE + "/crl/{ski}"}) {
            r.get(crl, Role.PUBLIC, ctx -> crl(ctx, false));
            r.get(crl + "/delta", Role.PUBLIC, ctx -> crl(ctx, true));
        }
        r.get("/ca/{file}", Role.PUBLIC, this::caCertificate);
        r.get(BASE + "/roles", Role.VIEWER, ctx -> ctx.json(va.roles().list().stream().map(this::wire).toList()));
        r.get(BASE + "/roles/{ski}", Role.VIEWER, ctx -> ctx.json(wire(va.roles().get(ctx.pathParam("ski")))));
        r.put(BASE + "/roles/{ski}", Role.ADMIN, ctx -> ctx.json(wire(va.roles().update(ctx.pathParam("ski"),
                update(HttpJson.body(ctx, JsonNode.class))))));
    }

    private void crl(Context ctx, boolean delta) {
        StoredCrl crl = va.crls().latest(ctx.pathParam("ski"), delta);
        ctx.header("Last-Modified", HTTP_DATE.format(crl.thisUpdate()));
        ctx.header("Expires", HTTP_DATE.format(crl.nextUpdate()));
        if (wantsPem(ctx)) {
            ctx.contentType(PEM).result(Pem.encode("X509 CRL", crl.der()));
        } else {
            ctx.contentType(PKIX_CRL).result(crl.der());
        }
    }

    private static boolean wantsPem(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(PEM);
    }

    /** {@code /ca/{ski}.crt}: the DER CA certificate, for AIA caIssuers (RFC 5280 §4.2.2.1). */
    private void caCertificate(Context ctx) {
        String file = ctx.pathParam("file");
        String ski = file.toLowerCase(Locale.ROOT).endsWith(".crt") ? file.substring(0, file.length() - 4) : file;
        if (ski.length() > 128 || !ski.matches("[0-9a-fA-F]+")) {
            throw LamassuException.badRequest("INVALID_SKI", "a CA subject key id is hex digits, e.g. /ca/<ski>.crt");
        }
        CertificateAuthority ca = cas.findBySubjectKeyId(ski.toLowerCase(Locale.ROOT)).stream()
                .max(java.util.Comparator.comparing(c -> c.certificate().validTo()))
                .orElseThrow(() -> LamassuException.notFound("CA_NOT_FOUND", "no CA with key " + ski));
        byte[] der = Certificates.der(Certificates.parse(ca.certificate().certificate(), "INVALID_CERTIFICATE"));
        if (wantsPem(ctx)) {
            ctx.contentType(PEM).result(Pem.encode("CERTIFICATE", der));
        } else {
            ctx.contentType("application/pkix-cert").result(der);
        }
    }

    private Map<String, Object> wire(VaRole r) {
        return VaRoleJson.of(r, r.ocsp().delegated() ? va.roles().responder(r.caSki()) : java.util.Optional.empty());
    }

    /**
     * Upstream's body is the crl_options object itself; the nested form (as GET returns it) is
     * accepted too, and is the only way to set ocsp_options (with its delegated_signer). Read-only
     * fields are ignored; unknown ones are 400.
     */
    static RoleUpdate update(JsonNode body) {
        if (!body.isObject()) {
            throw LamassuException.badRequest("INVALID_VA_ROLE", "the body must be a JSON object");
        }
        requireKnown(body, ROLE_FIELDS, "");
        JsonNode crl = body.has("crl_options") ? body.get("crl_options") : body;
        if (!crl.isObject()) {
            throw LamassuException.badRequest("INVALID_VA_ROLE", "crl_options must be an object");
        }
        requireKnown(crl, ROLE_FIELDS, "crl_options.");
        return new RoleUpdate(duration(crl, "validity"), duration(crl, "refresh_interval"),
                bool(crl, "regenerate_on_revoke"), bool(crl, "delta_crl_enabled"), duration(crl, "delta_crl_validity"),
                ocsp(body.path("ocsp_options")), text(crl, "subject_key_id_signer"));
    }

    private static RoleUpdate.Ocsp ocsp(JsonNode ocsp) {
        if (ocsp.isMissingNode() || ocsp.isNull()) {
            return RoleUpdate.Ocsp.NONE;
        }
        JsonNode signer = ocsp.path("delegated_signer");
        if (!ocsp.isObject() || !(signer.isMissingNode() || signer.isNull() || signer.isObject())) {
            throw LamassuException.badRequest("INVALID_VA_ROLE",
                    "ocsp_options and ocsp_options.delegated_signer must be objects");
        }
        requireKnown(ocsp, OCSP_FIELDS, "ocsp_options.");
        requireKnown(signer, SIGNER_FIELDS, "ocsp_options.delegated_signer.");
        return new RoleUpdate.Ocsp(duration(ocsp, "validity"), bool(signer, "enabled"), duration(signer, "validity"));
    }

    private static void requireKnown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw LamassuException.badRequest("INVALID_VA_ROLE", "unknown field '" + prefix + f + "'");
            }
        }
    }

    private static Duration duration(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > 32) {
            throw LamassuException.badRequest("INVALID_VA_ROLE", field + " must be a duration such as \"1w\" or \"6h\"");
        }
        try {
            return Durations.parse(v.asText());
        } catch (LamassuException e) {
            throw e;
        } catch (RuntimeException e) {
            throw LamassuException.badRequest("INVALID_DURATION", field + " is out of range");
        }
    }

    private static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw LamassuException.badRequest("INVALID_VA_ROLE", field + " must be true or false");
        }
        return v.asBoolean();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
