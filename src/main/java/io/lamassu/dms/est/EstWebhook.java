package io.lamassu.dms.est;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.common.Durations;
import io.lamassu.common.LamassuException;
import io.lamassu.common.json.Json;
import io.lamassu.crypto.Pem;
import io.lamassu.dms.DmsSettings.WebhookSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EXTERNAL_WEBHOOK authentication (upstream-notes §6.10): the DMS asks an external service whether
 * this enrollment is authorized, and enrolls only on {@code {"authorized": true}} within the call
 * timeout. Fail-closed: a refusal is 403, a timeout, transport failure, non-2xx status or
 * unreadable answer is 503 — either way nothing is issued. Credentials the device sent
 * (Authorization, Cookie) are not forwarded to the webhook; the webhook's own auth (apikey, jwt,
 * mtls) is {@link WebhookClients}'s.
 */
final class EstWebhook {
    private static final Logger LOG = LoggerFactory.getLogger(EstWebhook.class);
    private static final Set<String> NOT_FORWARDED = Set.of("authorization", "proxy-authorization", "cookie");
    private static final int MAX_ANSWER = 64 * 1024;
    private final WebhookClients clients = new WebhookClients();

    /** Throws 403 EST_WEBHOOK_DENIED or 503 EST_WEBHOOK_UNAVAILABLE unless the webhook authorizes. */
    void authorize(WebhookSettings hook, String dmsId, String deviceCn, PKCS10CertificationRequest csr,
                   EstRequest request) {
        Duration timeout = Durations.parse(hook.config().callTimeout());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hook.url())).timeout(timeout)
                .header("Content-Type", "application/json")
                .method(hook.method(), HttpRequest.BodyPublishers.ofString(body(dmsId, deviceCn, csr, request)));
        boolean authorized;
        try {
            clients.authenticate(b, hook.config(), timeout);
            HttpClient client = clients.client(hook.config());
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] answer;
            try (InputStream in = r.body()) {
                answer = in.readNBytes(MAX_ANSWER);
            }
            if (r.statusCode() / 100 != 2) {
                throw unavailable("the authorization webhook answered HTTP " + r.statusCode());
            }
            JsonNode node = Json.MAPPER.readTree(answer);
            if (node == null || !node.path("authorized").isBoolean()) {
                throw unavailable("the authorization webhook's answer has no boolean 'authorized'");
            }
            authorized = node.get("authorized").asBoolean();
        } catch (IOException e) {
            LOG.warn("EST webhook {} for DMS {} failed: {}", hook.url(), dmsId, e.toString());
            throw unavailable("the authorization webhook could not be reached or did not answer in "
                    + hook.config().callTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while calling the authorization webhook");
        }
        if (!authorized) {
            throw LamassuException.forbidden("EST_WEBHOOK_DENIED", "the DMS's authorization webhook refused"
                    + " this enrollment");
        }
    }

    private static String body(String dmsId, String cn, PKCS10CertificationRequest csr, EstRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((k, v) -> {
            if (!NOT_FORWARDED.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                headers.put(k, v);
            }
        });
        try {
            String pem = Pem.encode("CERTIFICATE REQUEST", csr.getEncoded());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("csr", Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
            body.put("aps", dmsId);
            body.put("device_cn", cn);
            body.put("http_request", Map.of("headers", headers, "url", request.url()));
            return Json.write(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LamassuException unavailable(String why) {
        return WebhookClients.unavailable(why);
    }
}
