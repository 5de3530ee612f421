package io.lamassu.alerts.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.lamassu.alerts.AlertEventRepository;
import io.lamassu.alerts.Subscription;
import io.lamassu.alerts.SubscriptionRequest;
import io.lamassu.common.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Alerts API's JSON shapes (upstream-notes §2.6, §6.9). */
final class AlertsWire {
    private AlertsWire() {
    }

    /** {@code POST /user/{id}/subscribe}. A JSON-SCHEMA condition may be sent as a string (upstream) or as the schema object. */
    record SubscribeBody(String eventType, List<ConditionBody> conditions, ChannelBody channel) {
        SubscriptionRequest request() {
            List<SubscriptionRequest.ConditionInput> in = new ArrayList<>();
            for (ConditionBody c : conditions == null ? List.<ConditionBody>of() : conditions) {
                in.add(c == null ? null : new SubscriptionRequest.ConditionInput(c.type(), text(c.condition())));
            }
            SubscriptionRequest.ChannelInput ch = channel == null ? null
                    : new SubscriptionRequest.ChannelInput(channel.type(), channel.name(), channel.config());
            return new SubscriptionRequest(eventType, in, ch);
        }

        private static String text(Object condition) {
            return condition == null || condition instanceof String ? (String) condition : Json.write(condition);
        }
    }

    record ConditionBody(String type, Object condition) {
    }

    record ChannelBody(String type, String name, Map<String, Object> config) {
    }

    record ConditionResponse(String type, String condition) {
    }

    record ChannelResponse(String type, String name, Map<String, Object> config) {
    }

    record SubscriptionResponse(String id, String userId, String eventType, Instant subscriptionTs,
                                List<ConditionResponse> conditions, ChannelResponse channel) {
        static SubscriptionResponse of(Subscription s) {
            Subscription shown = s.withoutSecret();
            return new SubscriptionResponse(shown.id(), shown.userId(), shown.eventType(), shown.subscriptionTs(),
                    shown.conditions().stream().map(c -> new ConditionResponse(c.type().wire(), c.condition())).toList(),
                    new ChannelResponse(shown.channel().type().name(), shown.channel().name(), shown.channel().config()));
        }
    }

    /** Upstream names the type key {@code event_types}; its OpenAPI says {@code event_type}: both are sent. */
    record LatestEventResponse(String eventTypes, String eventType, JsonNode event, Instant seenAt, long counter) {
        static LatestEventResponse of(AlertEventRepository.LatestEvent e) {
            JsonNode event;
            try {
                event = Json.MAPPER.readTree(e.eventJson());
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException("stored event JSON is corrupt", ex);
            }
            return new LatestEventResponse(e.eventType(), e.eventType(), event, e.seenAt(), e.counter());
        }
    }
}
