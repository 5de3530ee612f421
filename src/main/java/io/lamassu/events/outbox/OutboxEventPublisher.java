package io.lamassu.events.outbox;

import io.lamassu.common.Actor;
import io.lamassu.common.RequestContext;
import io.lamassu.common.json.Json;
import io.lamassu.events.EventPublisher;
import io.lamassu.events.OutboxInsert;
import io.lamassu.storage.Dialect;
import io.lamassu.storage.Jdbc;
import java.time.Clock;
import io.lamassu.common.Uuids;
import java.util.List;
import java.util.Optional;

/** Writes each event into the outbox table inside the caller's transaction. */
public final class OutboxEventPublisher implements EventPublisher {
    private final Jdbc jdbc;
    private final Clock clock;
    private final String source;
    private final OutboxRelay relay;

    public OutboxEventPublisher(Jdbc jdbc, Clock clock, String source, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.source = source;
        this.relay = relay;
    }

    @Override
    public void publish(String type, String subject, Object payload) {
        Actor actor = RequestContext.current().actor();
        jdbc.update("INSERT INTO event_outbox (event_id, type, source, subject, created_at, auth_type, auth_id, data)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Uuids.random(), type, source, subject, clock.millis(), actor.type(), actor.id(),
                Json.write(payload));
        jdbc.tx().afterCommit(relay::wakeUp);
    }

    /** Multi-row INSERT: a lifecycle batch costs one round trip per 500 events, not one per event. */
    @Override
    public void publishAll(String type, java.util.List<Item> items) {
        Actor actor = RequestContext.current().actor();
        long now = clock.millis();
        for (int from = 0; from < items.size(); from += 500) {
            java.util.List<Item> chunk = items.subList(from, Math.min(items.size(), from + 500));
            StringBuilder sql = new StringBuilder("INSERT INTO event_outbox (event_id, type, source, subject, created_at,"
                    + " auth_type, auth_id, data) VALUES ");
            java.util.List<Object> params = new java.util.ArrayList<>();
            for (Item item : chunk) {
                sql.append(params.isEmpty() ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
                params.addAll(java.util.Arrays.asList(Uuids.random(), type, source, item.subject(), now,
                        actor.type(), actor.id(), Json.write(item.payload())));
            }
            jdbc.update(sql.toString(), params.toArray());
        }
        if (!items.isEmpty()) {
            jdbc.tx().afterCommit(relay::wakeUp);
        }
    }

    /** PostgreSQL only: the SQL fragment needs gen_random_uuid(); SQLite jobs publish through Java. */
    @Override
    public Optional<OutboxInsert> outboxInsert(String type) {
        if (jdbc.dialect() != Dialect.POSTGRES) {
            return Optional.empty();
        }
        Actor actor = RequestContext.current().actor();
        List<Object> params = List.of(type, source, clock.millis(), actor.type(), actor.id());
        return Optional.of(new PostgresOutboxInsert(params, () -> jdbc.tx().afterCommit(relay::wakeUp)));
    }
}
