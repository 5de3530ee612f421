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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
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
        r.get(BASE + "/roles", Role.VIEWER, ctx -> ctx.json(va.roles().list().stream().map(VaRoutes::wire).toList()));
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

    static Map<String, Object> wire(VaRole r) {
        Map<String, Object> crl = new LinkedHashMap<>();
        crl.put("refresh_interval", Durations.format(r.crl().refreshInterval()));
        crl.put("validity", Durations.format(r.crl().validity()));
        crl.put("subject_key_id_signer", r.caSki());
        crl.put("regenerate_on_revoke", r.crl().regenerateOnRevoke());
        crl.put("delta_crl_enabled", r.crl().deltaEnabled());
        crl.put("delta_crl_validity", Durations.format(r.crl().deltaValidity()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ca_ski", r.caSki());
        out.put("ca_id", r.caId());
        out.put("crl_options", crl);
        out.put("ocsp_options", Map.of("validity", Durations.format(r.ocsp().validity())));
        VaRole.Issued i = r.issued();
        out.put("latest_crl", latest(i.baseNumber(), i.baseThisUpdate(), i.baseNextUpdate()));
        out.put("latest_delta_crl", i.deltaNumber() == 0 ? null
                : latest(i.deltaNumber(), i.deltaThisUpdate(), i.deltaNextUpdate()));
        return out;
    }

    /** Upstream prints {@code version} as a decimal string; before the first CRL it is "0". */
    private static Map<String, Object> latest(long number, Instant from, Instant until) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", Long.toString(number));
        m.put("valid_from", from == null ? null : from.toString());
        m.put("valid_until", until == null ? null : until.toString());
        return m;
    }

    /**
     * Upstream's body is the crl_options object itself; the nested form (as GET returns it) is
     * accepted too, and is the only way to set ocsp_options. Read-only fields are ignored.
     */
    static RoleUpdate update(JsonNode body) {
        if (!body.isObject()) {
            throw LamassuException.badRequest("INVALID_VA_ROLE", "the body must be a JSON object");
        }
        requireKnown(body);
        JsonNode crl = body.has("crl_options") ? body.get("crl_options") : body;
        JsonNode ocsp = body.path("ocsp_options");
        if (!crl.isObject() || !(ocsp.isMissingNode() || ocsp.isObject())) {
            throw LamassuException.badRequest("INVALID_VA_ROLE", "crl_options and ocsp_options must be objects");
        }
        requireKnown(crl);
        return new RoleUpdate(duration(crl, "validity"), duration(crl, "refresh_interval"),
                bool(crl, "regenerate_on_revoke"), bool(crl, "delta_crl_enabled"), duration(crl, "delta_crl_validity"),
                duration(ocsp, "validity"), text(crl, "subject_key_id_signer"));
    }

    private static void requireKnown(JsonNode node) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ROLE_FIELDS.contains(f)) {
                throw LamassuException.badRequest("INVALID_VA_ROLE", "unknown field '" + f + "'");
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
