package io.lamassu.alerts.storage;

import io.lamassu.alerts.AlertEventRepository;
import io.lamassu.alerts.DeliveryStatus;
import io.lamassu.storage.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Received events, the latest event per type, and the deliveries a received event creates. */
public final class JdbcAlertEventRepository implements AlertEventRepository {
    private static final int CHUNK = 500;
    private final Jdbc jdbc;

    public JdbcAlertEventRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean record(ReceivedEvent event, List<String> deliveries, Runnable afterCommit) {
        return jdbc.tx().inTransaction(() -> {
            long at = event.at().toEpochMilli();
            // The event row decides: a redelivered id inserts nothing, and then nothing else happens.
            if (jdbc.update("INSERT INTO alert_events (event_id, received_at, event) VALUES (?, ?, ?)"
                    + " ON CONFLICT (event_id) DO NOTHING", event.id(), at,
                    deliveries.isEmpty() ? null : event.json()) == 0) {
                return false;
            }
            jdbc.update("INSERT INTO alert_latest_events (event_type, event, seen_at, counter) VALUES (?, ?, ?, 1)"
                    + " ON CONFLICT (event_type) DO UPDATE SET event = excluded.event, seen_at = excluded.seen_at,"
                    + " counter = alert_latest_events.counter + 1", event.type(), event.json(), at);
            insertDeliveries(event, deliveries, at);
            if (!deliveries.isEmpty()) {
                jdbc.tx().afterCommit(afterCommit);
            }
            return true;
        });
    }

    /**
     * One statement per 500 deliveries, whatever the number of matches. Rows come from the
     * subscriptions table, so one deleted since the match is skipped rather than failing the event.
     */
    private void insertDeliveries(ReceivedEvent event, List<String> subscriptionIds, long at) {
        for (int from = 0; from < subscriptionIds.size(); from += CHUNK) {
            List<String> chunk = subscriptionIds.subList(from, Math.min(subscriptionIds.size(), from + CHUNK));
            List<Object> params = new ArrayList<>(List.of(event.id() + ":", event.id(), event.type(),
                    DeliveryStatus.PENDING.name(), at, at));
            params.addAll(chunk);
            jdbc.update("INSERT INTO alert_deliveries (id, subscription_id, event_id, event_type, channel_type, status,"
                    + " attempts, created_at, next_attempt_at) SELECT ? || s.id, s.id, ?, ?, s.channel_type, ?, 0, ?, ?"
                    + " FROM alert_subscriptions s WHERE s.id IN (" + String.join(", ", Collections.nCopies(chunk.size(),
                    "?")) + ")", params.toArray());
        }
    }

    @Override
    public List<LatestEvent> latest() {
        return jdbc.query("SELECT event_type, event, seen_at, counter FROM alert_latest_events ORDER BY event_type",
                rs -> new LatestEvent(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getLong(4)));
    }

    @Override
    public Set<String> seenTypes() {
        return new HashSet<>(jdbc.query("SELECT event_type FROM alert_latest_events", rs -> rs.getString(1)));
    }

    @Override
    public int prune(Instant finishedBefore, Instant receivedBefore) {
        return jdbc.tx().inTransaction(() -> {
            int n = jdbc.update("DELETE FROM alert_deliveries WHERE finished_at < ?", finishedBefore.toEpochMilli());
            return n + jdbc.update("DELETE FROM alert_events WHERE received_at < ? AND NOT EXISTS"
                    + " (SELECT 1 FROM alert_deliveries d WHERE d.event_id = alert_events.event_id)",
                    receivedBefore.toEpochMilli());
        });
    }
}
