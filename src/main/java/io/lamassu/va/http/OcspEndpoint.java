package io.lamassu.va.http;

import io.lamassu.http.RawEndpoint;
import io.lamassu.va.OcspAnswer;
import io.lamassu.va.OcspResponder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * OCSP over HTTP (RFC 6960 appendix A, RFC 5019 §5-6) at {@code /ocsp} and {@code /api/va/ocsp}:
 * POST with the DER request as body, or GET with it base64 in the path. Every answer is 200
 * {@code application/ocsp-response}; bad requests get OCSP error statuses, not HTTP errors.
 */
final class OcspEndpoint implements RawEndpoint {
    static final String OCSP_RESPONSE = "application/ocsp-response";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int MAX_PATH = 16 * 1024;
    /** Formatted HTTP dates by epoch second: responses share a few thisUpdate/nextUpdate values. */
    private final java.util.concurrent.ConcurrentHashMap<Long, String> dates = new java.util.concurrent.ConcurrentHashMap<>();
    private final OcspResponder responder;

    OcspEndpoint(OcspResponder responder) {
        this.responder = responder;
    }

    @Override
    public List<String> pathSpecs() {
        return List.of("/ocsp/*", "/api/va/ocsp/*");
    }

    @Override
    public void handle(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String method = req.getMethod();
        if ("POST".equals(method)) {
            send(res, responder.answer(body(req)), false);
        } else if ("GET".equals(method)) {
            send(res, responder.answer(fromPath(req.getRequestURI())), true);
        } else {
            res.setStatus(405);
            res.setHeader("Allow", "GET, POST");
        }
    }

    /** At most one byte more than a request may have, so an oversized body is refused without reading it all. */
    private static byte[] body(HttpServletRequest req) throws IOException {
        if (req.getContentLengthLong() > OcspResponder.MAX_REQUEST_BYTES) {
            return new byte[0];
        }
        try (InputStream in = req.getInputStream()) {
            return in.readNBytes(OcspResponder.MAX_REQUEST_BYTES + 1);
        }
    }

    /**
     * The raw (still percent-encoded) path after {@code /ocsp/}: clients send standard base64
     * URL-encoded (openssl, RFC 6960 appendix A.1) or base64url (upstream); '+' in a path is a
     * plus, not a space. Undecodable input yields no bytes, answered malformedRequest.
     */
    static byte[] fromPath(String rawUri) {
        int at = rawUri.indexOf("/ocsp/");
        if (at < 0 || rawUri.length() - at > MAX_PATH) {
            return new byte[0];
        }
        String text = rawUri.substring(at + "/ocsp/".length());
        try {
            String b64 = text.indexOf('%') >= 0 ? URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8)
                    : text;
            return b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(b64)
                    : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** RFC 5019 §6: GET answers may be cached by HTTP caches until nextUpdate; POST answers are not. */
    private String httpDate(Instant t) {
        if (dates.size() > 4096) {
            dates.clear();
        }
        return dates.computeIfAbsent(t.getEpochSecond(), k -> HTTP_DATE.format(t));
    }

    private void send(HttpServletResponse res, OcspAnswer a, boolean get) throws IOException {
        res.setStatus(200);
        res.setContentType(OCSP_RESPONSE);
        if (get && a.successful()) {
            long maxAge = Math.max(0, a.nextUpdate().getEpochSecond() - Instant.now().getEpochSecond());
            res.setHeader("Cache-Control", "max-age=" + maxAge + ", public, no-transform, must-revalidate");
            res.setHeader("Last-Modified", httpDate(a.thisUpdate()));
            res.setHeader("Expires", httpDate(a.nextUpdate()));
            res.setHeader("ETag", a.etag());
        } else {
            res.setHeader("Cache-Control", "no-store");
        }
        res.setContentLength(a.body().length);
        res.getOutputStream().write(a.body());
    }
}
