package io.lamassu.audit;

import io.lamassu.common.Actor;
import io.lamassu.common.LamassuException;
import io.lamassu.common.RequestContext;
import io.lamassu.storage.Jdbc;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Who did what, to which object, with what outcome. A successful operation's record commits in
 * the operation's own transaction; a failed one is written afterwards in a transaction of its own
 * (the operation's was rolled back), so refused attempts are audited too.
 */
public final class AuditTrail {
    private final Jdbc jdbc;
    private final Clock clock;

    public AuditTrail(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Runs {@code work} in a transaction and records its outcome. */
    public <T> T execute(String action, String objectType, String objectId, Supplier<T> work) {
        try {
            return jdbc.tx().inTransaction(() -> {
                T result = work.get();
                insert(action, objectType, objectId, "SUCCESS", "");
                return result;
            });
        } catch (LamassuException e) {
            recordFailure(action, objectType, objectId, e.code() + ": " + e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            recordFailure(action, objectType, objectId, "INTERNAL");
            throw e;
        }
    }

    public void run(String action, String objectType, String objectId, Runnable work) {
        execute(action, objectType, objectId, () -> {
            work.run();
            return null;
        });
    }

    private void recordFailure(String action, String objectType, String objectId, String detail) {
        try {
            jdbc.tx().run(() -> insert(action, objectType, objectId, "FAILURE", detail));
        } catch (RuntimeException ignored) {
            // The original failure matters more than a missing audit row for it.
        }
    }

    private void insert(String action, String objectType, String objectId, String outcome, String detail) {
        RequestContext ctx = RequestContext.current();
        Actor actor = ctx.actor();
        jdbc.update("INSERT INTO audit_log (at, actor_type, actor_id, action, object_type, object_id, outcome,"
                        + " detail, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                clock.millis(), actor.type(), actor.id(), action, objectType, objectId == null ? "" : objectId,
                outcome, truncate(detail), ctx.requestId());
    }

    private static String truncate(String s) {
        return s.length() > 1000 ? s.substring(0, 1000) : s;
    }
}
