package io.lamassu.alerts.storage;

import io.lamassu.alerts.Subscription;
import io.lamassu.alerts.SubscriptionRepository;
import io.lamassu.storage.Jdbc;
import java.util.List;
import java.util.Optional;

/**
 * Subscriptions in {@code alert_subscriptions}. Each change first bumps the single
 * {@code alert_state} row: on PostgreSQL that row lock serialises subscription changes, which makes
 * the per-user limit exact; SQLite has one writer anyway.
 */
public final class JdbcSubscriptionRepository implements SubscriptionRepository {
    private final Jdbc jdbc;

    public JdbcSubscriptionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long version() {
        return jdbc.count("SELECT subscriptions_version FROM alert_state WHERE id = 1");
    }

    @Override
    public List<Subscription> all() {
        return jdbc.query("SELECT " + SubscriptionRows.COLUMNS + " FROM alert_subscriptions", SubscriptionRows::map);
    }

    @Override
    public List<Subscription> byUser(String userId) {
        return jdbc.query("SELECT " + SubscriptionRows.COLUMNS + " FROM alert_subscriptions WHERE user_id = ?"
                + " ORDER BY created_at, id", SubscriptionRows::map, userId);
    }

    @Override
    public Optional<Subscription> find(String userId, String id) {
        return jdbc.queryOne("SELECT " + SubscriptionRows.COLUMNS + " FROM alert_subscriptions WHERE id = ?"
                + " AND user_id = ?", SubscriptionRows::map, id, userId);
    }

    @Override
    public boolean insertIfBelow(Subscription s, int maxPerUser) {
        return jdbc.tx().inTransaction(() -> {
            bump();
            if (jdbc.count("SELECT COUNT(*) FROM alert_subscriptions WHERE user_id = ?", s.userId()) >= maxPerUser) {
                return false;
            }
            jdbc.update("INSERT INTO alert_subscriptions (" + SubscriptionRows.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?,"
                    + " ?, ?)", SubscriptionRows.values(s));
            return true;
        });
    }

    @Override
    public boolean delete(String userId, String id) {
        return jdbc.tx().inTransaction(() -> {
            bump();
            return jdbc.update("DELETE FROM alert_subscriptions WHERE id = ? AND user_id = ?", id, userId) > 0;
        });
    }

    private void bump() {
        jdbc.update("UPDATE alert_state SET subscriptions_version = subscriptions_version + 1 WHERE id = 1");
    }
}
