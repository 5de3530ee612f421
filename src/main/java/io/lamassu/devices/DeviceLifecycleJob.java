package io.lamassu.devices;

import io.lamassu.audit.AuditTrail;
import io.lamassu.devices.DeviceRepository.BatchResult;
import io.lamassu.devices.DeviceRepository.Transition;
import io.lamassu.events.EventPublisher;
import io.lamassu.events.OutboxInsert;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Moves devices along RENEWAL_WINDOW → ABOUT_TO_EXPIRE → EXPIRED when their certificates reach
 * the DMS deltas. Work is found through the indexed {@code next_transition_at}, so a run costs one
 * index probe when nothing is due and grows with the number of transitions, not the fleet.
 * Batches are claimed with SKIP LOCKED, so several instances may run it, and a run with work
 * drains it with {@link DeviceRepository#concurrentBatches()} workers. On PostgreSQL a batch is
 * one set-based statement ({@link DeviceRepository#transitionDue}: claim, status, state rows,
 * device events and outbox payloads all in SQL); on SQLite the transitions are computed in Java
 * and written with a few statements. Both paths write the same rows (contract tests).
 */
public final class DeviceLifecycleJob {
    public static final int BATCH = 1000;
    static final String EVENT_TYPE = "device.status.update";
    private final DeviceRepository repo;
    private final EventPublisher events;
    private final AuditTrail audit;
    private final ExecutorService helpers;

    public DeviceLifecycleJob(DeviceRepository repo, EventPublisher events, AuditTrail audit) {
        this.repo = repo;
        this.events = events;
        this.audit = audit;
        int extra = Math.max(0, repo.concurrentBatches() - 1);
        this.helpers = extra == 0 ? null : Executors.newFixedThreadPool(extra, r -> {
            Thread t = new Thread(r, "device-lifecycle-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs every due transition as of {@code at}; returns how many statuses changed. Times are
     * compared in milliseconds, as they are stored, so the SQL and the Java path agree at the edge.
     */
    public int runOnce(Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.MILLIS);
        if (!repo.hasDue(now)) {
            return 0;
        }
        if (helpers == null) {
            return drain(now);
        }
        List<Future<Integer>> others = new ArrayList<>();
        for (int i = 1; i < repo.concurrentBatches(); i++) {
            others.add(helpers.submit(() -> drain(now)));
        }
        int changed = drain(now);
        for (Future<Integer> f : others) {
            changed += join(f);
        }
        return changed;
    }

    private static int join(Future<Integer> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for lifecycle workers", e);
        }
    }

    /** Claims and applies batches until a claim comes back short (nothing left that is not locked). */
    private int drain(Instant now) {
        int changed = 0;
        while (true) {
            if (!repo.hasDue(now)) {
                return changed;
            }
            BatchResult result = audit.execute("device.lifecycle", "device", "", () -> runBatch(now));
            changed += result.changed();
            if (result.claimed() < BATCH) {
                return changed;
            }
        }
    }

    /**
     * In the store when it can (PostgreSQL: one statement builds and writes everything, measured
     * 2x faster than the Java path, BENCHMARKS.md); otherwise in Java.
     */
    private BatchResult runBatch(Instant now) {
        Optional<OutboxInsert> outbox = events.outboxInsert(EVENT_TYPE);
        Optional<BatchResult> inStore = outbox.flatMap(o -> repo.transitionDue(now, BATCH, o));
        return inStore.orElseGet(() -> runBatchInJava(now));
    }

    private BatchResult runBatchInJava(Instant now) {
        List<Device> due = repo.claimDue(now, BATCH);
        List<Transition> transitions = new ArrayList<>(due.size());
        List<EventPublisher.Item> published = new ArrayList<>();
        for (Device d : due) {
            if (d.identitySlot() == null || !DeviceLifecycle.isTimeDriven(d.status())) {
                transitions.add(new Transition(d, null, null));
                continue;
            }
            DeviceLifecycle.Stage stage = DeviceLifecycle.at(d.identitySlot(), now);
            Device after = d.withStatus(stage.status(), d.identitySlot().withStatus(stage.status()));
            DeviceEvent event = null;
            if (stage.status() != d.status()) {
                event = new DeviceEvent(now, "STATUS-UPDATED",
                        "Status updated from '" + d.status() + "' to '" + stage.status() + "'");
                published.add(new EventPublisher.Item(DeviceChanges.subject(d.id()), new EventPublisher.Update<>(d, after)));
            }
            transitions.add(new Transition(after, stage.next(), event));
        }
        repo.applyTransitions(transitions);
        events.publishAll(EVENT_TYPE, published);
        return new BatchResult(due.size(), published.size());
    }
}
