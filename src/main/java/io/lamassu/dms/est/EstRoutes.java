package io.lamassu.dms.est;

import io.javalin.http.Context;
import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.http.ClientCertificates;
import io.lamassu.http.Role;
import io.lamassu.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /.well-known/est/{label}/...} (RFC 7030 §3.2.2; the label is the DMS id) and the unlabelled
 * {@code /.well-known/est/...} for the configured default DMS ({@code pki.est_default_dms}). The
 * routes are public: each operation authenticates as its DMS says. Errors are {@code text/plain}
 * (the error mapper does that for every EST path) and 401s carry a WWW-Authenticate challenge.
 */
public final class EstRoutes implements Routes.Module {
    static final String BASE = "/.well-known/est";
    /** A P-521 or RSA-8192 CSR in base64 is a few KiB; anything near this bound is not a CSR. */
    static final int MAX_BODY = 64 * 1024;
    private final EstService service;
    private final String defaultDms;
    private final SecureRandom random = new SecureRandom();

    public EstRoutes(EstService service, String defaultDms) {
        this.service = service;
        this.defaultDms = defaultDms == null ? "" : defaultDms;
    }

    @Override
    public void register(Routes r) {
        for (String prefix : List.of(BASE + "/{label}", BASE)) {
            r.get(prefix + "/cacerts", Role.PUBLIC, ctx -> certs(ctx, service.caCerts(label(ctx))));
            r.get(prefix + "/csrattrs", Role.PUBLIC, ctx -> base64(ctx, EstWire.CSRATTRS,
                    service.csrAttrs(label(ctx))));
            r.post(prefix + "/simpleenroll", Role.PUBLIC, ctx -> enrolled(ctx, service.enroll(request(ctx))));
            r.post(prefix + "/simplereenroll", Role.PUBLIC, ctx -> enrolled(ctx, service.reenroll(request(ctx))));
            r.post(prefix + "/serverkeygen", Role.PUBLIC, ctx -> keygen(ctx, service.serverKeygen(request(ctx))));
        }
    }

    private String label(Context ctx) {
        String label = ctx.pathParamMap().get("label");
        if (label != null) {
            return label;
        }
        if (defaultDms.isEmpty()) {
            throw LamassuException.notFound("EST_DMS_NOT_FOUND", "no default DMS is configured"
                    + " (pki.est_default_dms); use /.well-known/est/<dms id>/...");
        }
        return defaultDms;
    }

    private EstRequest request(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.toLowerCase(Locale.ROOT).strip().startsWith("application/pkcs10")) {
            throw new LamassuException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "EST_UNSUPPORTED_MEDIA_TYPE",
                    "send the CSR as Content-Type: application/pkcs10 (base64 of its DER encoding)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ctx.headerMap().forEach(headers::putIfAbsent);
        return new EstRequest(label(ctx), body(ctx), ClientCertificates.of(ctx), ctx.header("Authorization"),
                headers, ctx.fullUrl());
    }

    /** Reads at most {@link #MAX_BODY} bytes whatever the framing (Content-Length or chunked). */
    static byte[] body(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new LamassuException(ErrorKind.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE",
                        "an EST request body is at most " + MAX_BODY + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw LamassuException.badRequest("EST_BODY_UNREADABLE", "the request body could not be read");
        }
    }

    private static boolean wantsPem(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains(EstWire.PEM);
    }

    private static void certs(Context ctx, List<java.security.cert.X509Certificate> certs) {
        if (wantsPem(ctx)) {
            ctx.contentType(EstWire.PEM).result(EstWire.pem(certs));
        } else {
            base64(ctx, EstWire.PKCS7, EstWire.certsOnly(certs));
        }
    }

    private static void base64(Context ctx, String contentType, byte[] der) {
        ctx.header(EstWire.TRANSFER_ENCODING, "base64");
        ctx.contentType(contentType).result(EstWire.base64(der));
    }

    private static void enrolled(Context ctx, EstService.Enrolled e) {
        certs(ctx, List.of(e.certificate()));
    }

    private void keygen(Context ctx, EstService.Enrolled e) {
        byte[] b = new byte[12];
        random.nextBytes(b);
        String boundary = "est-" + HexFormat.of().formatHex(b);
        ctx.contentType("multipart/mixed; boundary=" + boundary)
                .result(EstWire.serverKeygenBody(boundary, e.pkcs8(), EstWire.certsOnly(List.of(e.certificate()))));
    }
}
