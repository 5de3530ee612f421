package io.lamassu.alerts;

import java.util.List;
import java.util.Map;

/** A subscribe request as the caller sent it (checked by {@link AlertsService#subscribe}). */
public record SubscriptionRequest(String eventType, List<ConditionInput> conditions, ChannelInput channel) {
    public record ConditionInput(String type, String condition) {
    }

    public record ChannelInput(String type, String name, Map<String, Object> config) {
    }
}
