package io.lamassu.alerts.channels;

import io.lamassu.alerts.AttemptResult;
import io.lamassu.alerts.Channel;
import io.lamassu.alerts.ChannelSender;
import io.lamassu.alerts.ChannelType;
import io.lamassu.alerts.DeliveryJob;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WEBHOOK: the CloudEvent in structured JSON mode (CloudEvents HTTP binding §3.2, content type
 * {@code application/cloudevents+json}), with delivery and event ids in headers so that a receiver
 * can drop duplicates (delivery is at least once), and, when the subscription has a secret, an
 * HMAC-SHA256 signature over a timestamp and the body ({@link WebhookSignature}).
 */
public final class WebhookSender implements ChannelSender {
    public static final String USER_AGENT = "lamassu-alerts";
    private final HttpDelivery http;
    private final Clock clock;

    public WebhookSender(HttpDelivery http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WEBHOOK;
    }

    @Override
    public AttemptResult send(DeliveryJob job) throws InterruptedException {
        Channel ch = job.subscription().channel();
        String body = job.eventJson();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/cloudevents+json; charset=utf-8");
        headers.put("User-Agent", USER_AGENT);
        headers.put("X-Lamassu-Delivery-Id", job.deliveryId());
        headers.put("X-Lamassu-Delivery-Attempt", Integer.toString(job.attempt()));
        headers.put("X-Lamassu-Event-Id", job.eventId());
        headers.put("X-Lamassu-Subscription-Id", job.subscription().id());
        if (ch.hasSecret()) {
            headers.put(WebhookSignature.HEADER, WebhookSignature.header(ch.text(Channel.SECRET),
                    clock.instant().getEpochSecond(), body));
        }
        return http.send(ch.text("webhook_method"), ch.text("webhook_url"), body, headers,
                ch.flag("validate_server_cert", true));
    }
}
