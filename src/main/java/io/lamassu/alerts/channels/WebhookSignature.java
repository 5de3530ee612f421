package io.lamassu.alerts.channels;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Lamassu-Signature} header of a webhook delivery: {@code t=<unix seconds>,v1=<hex>}
 * where {@code v1 = HMAC-SHA256(secret, t + "." + body)}. The timestamp is signed with the body,
 * so a receiver that checks it against its own clock (e.g. within 5 minutes) rejects replays of
 * an old delivery; a new signature is made for every attempt.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Lamassu-Signature";

    private WebhookSignature() {
    }

    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
