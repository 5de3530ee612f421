package io.lamassu.alerts.channels;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lamassu.alerts.AttemptResult;
import io.lamassu.alerts.ChannelSender;
import io.lamassu.alerts.ChannelType;
import io.lamassu.alerts.DeliveryJob;
import io.lamassu.common.json.Json;
import java.util.Map;

/**
 * MSTEAMS: an Adaptive Card message posted to the channel's incoming-webhook URL. Upstream posts a
 * legacy MessageCard, which only the retiring Office 365 connectors accept; the Adaptive Card
 * message format is accepted both by those and by Teams Workflows webhooks. The card carries the
 * headline ("Device d-17 (DMS X) changed status from RENEWAL_WINDOW to ABOUT_TO_EXPIRE") and the facts.
 */
public final class TeamsSender implements ChannelSender {
    private final HttpDelivery http;

    public TeamsSender(HttpDelivery http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.MSTEAMS;
    }

    @Override
    public AttemptResult send(DeliveryJob job) throws InterruptedException {
        String body = Json.write(card(EventSummary.of(job.eventJson())));
        return http.send("POST", job.subscription().channel().text("webhook_url"), body,
                Map.of("Content-Type", "application/json", "User-Agent", WebhookSender.USER_AGENT), true);
    }

    static ObjectNode card(EventSummary summary) {
        ObjectNode content = Json.MAPPER.createObjectNode();
        content.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        content.put("type", "AdaptiveCard");
        content.put("version", "1.4");
        ArrayNode body = content.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", summary.headline()).put("weight", "Bolder")
                .put("size", "Medium").put("wrap", true);
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        summary.facts().forEach((title, value) -> facts.addObject().put("title", title).put("value", value));
        ObjectNode message = Json.MAPPER.createObjectNode();
        message.put("type", "message");
        message.putArray("attachments").addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive")
                .set("content", content);
        return message;
    }
}
