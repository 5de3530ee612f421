package io.lamassu.alerts.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lamassu.alerts.Channel;
import io.lamassu.alerts.ChannelType;
import io.lamassu.alerts.Condition;
import io.lamassu.alerts.ConditionType;
import io.lamassu.alerts.Subscription;
import io.lamassu.common.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stored shape of a subscription: columns plus JSON text for conditions and channel config. */
final class SubscriptionRows {
    static final String COLUMNS = "id, user_id, event_type, created_at, conditions, channel_type, channel_name,"
            + " channel_config";
    private static final TypeReference<List<Map<String, String>>> CONDITIONS = new TypeReference<>() {
    };

    private SubscriptionRows() {
    }

    static Object[] values(Subscription s) {
        List<Map<String, String>> conditions = s.conditions().stream()
                .map(c -> Map.of("type", c.type().wire(), "condition", c.condition())).toList();
        return new Object[] {s.id(), s.userId(), s.eventType(), s.subscriptionTs().toEpochMilli(),
            Json.write(conditions), s.channel().type().name(), s.channel().name(), Json.write(s.channel().config())};
    }

    /** Reads the subscription columns of the current row, whatever else the query selected. */
    static Subscription map(ResultSet rs) throws SQLException {
        List<Condition> conditions = Json.read(rs.getString("conditions"), CONDITIONS).stream()
                .map(m -> new Condition(ConditionType.parse(m.get("type")), m.get("condition"))).toList();
        Map<String, Object> config = new LinkedHashMap<>(Json.readMap(rs.getString("channel_config")));
        Channel channel = new Channel(ChannelType.valueOf(rs.getString("channel_type")), rs.getString("channel_name"),
                config);
        return new Subscription(rs.getString("id"), rs.getString("user_id"), rs.getString("event_type"),
                Instant.ofEpochMilli(rs.getLong("created_at")), conditions, channel);
    }
}
