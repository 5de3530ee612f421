package io.lamassu.alerts.storage;

import io.lamassu.alerts.ChannelType;
import io.lamassu.alerts.Delivery;
import io.lamassu.alerts.DeliveryJob;
import io.lamassu.alerts.DeliveryRepository;
import io.lamassu.alerts.DeliveryStatus;
import io.lamassu.alerts.AlertsService;
import io.lamassu.common.Page;
import io.lamassu.common.Uuids;
import io.lamassu.common.query.Field;
import io.lamassu.common.query.FieldType;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.FilterOperator;
import io.lamassu.common.query.ListQuery;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.ListSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deliveries in {@code alert_deliveries}, attempts in {@code alert_delivery_attempts}. */
public final class JdbcDeliveryRepository implements DeliveryRepository {
    static final String INTERRUPTED = "no outcome was recorded: the instance sending it stopped or its lease ran out;"
            + " the receiver may or may not have it";
    private static final Field SUBSCRIPTION = Field.of("subscription_id", FieldType.STRING, "subscription_id");
    /** Due rows looked at per claim: enough to find deliveries of several distinct subscriptions. */
    private static final int SCAN_FACTOR = 8;
    private final Jdbc jdbc;
    private final ListSql listSql;

    public JdbcDeliveryRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.listSql = new ListSql(jdbc, "alert_deliveries", AlertsService.DELIVERY_FIELDS);
    }

    private record Due(String id, String subscriptionId, int attempts) {
    }

    /** A handful of set-based statements per claim, however many deliveries it takes. */
    @Override
    public List<DeliveryJob> claimDue(ClaimRequest r) {
        return jdbc.tx().inTransaction(() -> {
            List<Due> due = oneDuePerSubscription(r);
            List<String> exhausted = due.stream().filter(d -> d.attempts() >= r.maxAttempts()).map(Due::id).toList();
            List<Due> claimable = due.stream().filter(d -> d.attempts() < r.maxAttempts()).toList();
            if (!exhausted.isEmpty()) {
                finishInterrupted(exhausted, r.now());
            }
            if (claimable.isEmpty()) {
                return List.<DeliveryJob>of();
            }
            String claim = Uuids.random();
            List<String> ids = claimable.stream().map(Due::id).toList();
            List<Object> params = new ArrayList<>(List.of(r.leaseUntil().toEpochMilli(), claim));
            params.addAll(ids);
            jdbc.update("UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = ?, claim = ?"
                    + " WHERE id IN (" + marks(ids.size()) + ")", params.toArray());
            closeOpenAttempts(ids);
            openAttempts(claimable, r.now());
            return jobs(ids, claim);
        });
    }

    private List<Due> oneDuePerSubscription(ClaimRequest r) {
        List<Object> params = new ArrayList<>();
        params.add(r.now().toEpochMilli());
        StringBuilder sql = new StringBuilder("SELECT id, subscription_id, attempts FROM alert_deliveries"
                + " WHERE next_attempt_at <= ?");
        if (!r.busySubscriptions().isEmpty()) {
            sql.append(" AND subscription_id NOT IN (").append(marks(r.busySubscriptions().size())).append(')');
            params.addAll(r.busySubscriptions());
        }
        sql.append(" ORDER BY next_attempt_at, id LIMIT ").append(r.limit() * SCAN_FACTOR)
                .append(jdbc.dialect().skipLocked());
        Map<String, Due> first = new LinkedHashMap<>();
        for (Due d : jdbc.queryList(sql.toString(), rs -> new Due(rs.getString(1), rs.getString(2), rs.getInt(3)),
                params)) {
            if (first.size() < r.limit()) {
                first.putIfAbsent(d.subscriptionId(), d);
            }
        }
        return new ArrayList<>(first.values());
    }

    private void openAttempts(List<Due> claimed, Instant now) {
        List<Object> params = new ArrayList<>();
        for (Due d : claimed) {
            params.addAll(List.of(d.id(), d.attempts() + 1, now.toEpochMilli()));
        }
        jdbc.update("INSERT INTO alert_delivery_attempts (delivery_id, attempt, started_at, outcome, reply) VALUES "
                + String.join(", ", Collections.nCopies(claimed.size(), "(?, ?, ?, 'IN_PROGRESS', '')")), params.toArray());
    }

    /** Their last attempt was interrupted and no attempts are left: they fail without another try. */
    private void finishInterrupted(List<String> ids, Instant now) {
        List<Object> params = new ArrayList<>(List.of(DeliveryStatus.FAILED.name(), now.toEpochMilli()));
        params.addAll(ids);
        jdbc.update("UPDATE alert_deliveries SET status = ?, next_attempt_at = NULL, claim = NULL, finished_at = ?"
                + " WHERE id IN (" + marks(ids.size()) + ")", params.toArray());
        closeOpenAttempts(ids);
    }

    private void closeOpenAttempts(List<String> deliveryIds) {
        List<Object> params = new ArrayList<>(List.of(INTERRUPTED));
        params.addAll(deliveryIds);
        jdbc.update("UPDATE alert_delivery_attempts SET outcome = 'INTERRUPTED', reply = ? WHERE outcome = 'IN_PROGRESS'"
                + " AND delivery_id IN (" + marks(deliveryIds.size()) + ")", params.toArray());
    }

    private List<DeliveryJob> jobs(List<String> ids, String claim) {
        return jdbc.queryList("SELECT d.id AS delivery_id, d.attempts, d.event_id, e.event, s." + String.join(", s.",
                        SubscriptionRows.COLUMNS.split(", ")) + " FROM alert_deliveries d"
                        + " JOIN alert_subscriptions s ON s.id = d.subscription_id"
                        + " JOIN alert_events e ON e.event_id = d.event_id WHERE d.id IN (" + marks(ids.size()) + ")",
                rs -> new DeliveryJob(rs.getString("delivery_id"), claim, rs.getInt("attempts"), rs.getString("event_id"),
                        SubscriptionRows.map(rs), rs.getString("event")), ids);
    }

    @Override
    public void complete(Completion c) {
        jdbc.tx().run(() -> {
            jdbc.update("UPDATE alert_deliveries SET status = ?, next_attempt_at = ?, finished_at = ?, claim = NULL"
                    + " WHERE id = ? AND claim = ?", c.status().name(), millis(c.nextAttempt()),
                    c.status() == DeliveryStatus.PENDING ? null : c.at().toEpochMilli(), c.job().deliveryId(),
                    c.job().claim());
            // Recorded even when the claim was lost meanwhile: it is what happened on that attempt.
            jdbc.update("UPDATE alert_delivery_attempts SET duration_ms = ?, outcome = ?, status_code = ?, reply = ?"
                    + " WHERE delivery_id = ? AND attempt = ?", c.durationMillis(),
                    c.result().delivered() ? "DELIVERED" : "FAILED", c.result().statusCode(), c.result().reply(),
                    c.job().deliveryId(), c.job().attempt());
        });
    }

    @Override
    public Page<Delivery> list(String subscriptionId, ListQuery query) {
        Page<Delivery> page = listSql.page(query.withFilters(List.of(
                new Filter(SUBSCRIPTION, FilterOperator.EQ, subscriptionId, null))), JdbcDeliveryRepository::delivery);
        if (page.list().isEmpty()) {
            return page;
        }
        Map<String, List<Delivery.Attempt>> log = attempts(page.list().stream().map(Delivery::id).toList());
        return page.map(d -> d.withAttempts(log.getOrDefault(d.id(), List.of())));
    }

    private Map<String, List<Delivery.Attempt>> attempts(List<String> ids) {
        Map<String, List<Delivery.Attempt>> out = new HashMap<>();
        jdbc.queryList("SELECT delivery_id, attempt, started_at, duration_ms, outcome, status_code, reply"
                + " FROM alert_delivery_attempts WHERE delivery_id IN (" + marks(ids.size()) + ") ORDER BY attempt",
                rs -> out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Delivery.Attempt(
                        rs.getInt(2), Instant.ofEpochMilli(rs.getLong(3)), nullableLong(rs, 4), rs.getString(5),
                        nullableInt(rs, 6), rs.getString(7))), ids);
        return out;
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        return new Delivery(rs.getString("id"), rs.getString("subscription_id"), rs.getString("event_id"),
                rs.getString("event_type"), ChannelType.valueOf(rs.getString("channel_type")),
                DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "next_attempt_at"),
                instant(rs, "finished_at"), List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
