package io.lamassu.devices;

import io.lamassu.audit.AuditTrail;
import io.lamassu.devices.DeviceRepository.Transition;
import io.lamassu.events.EventPublisher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves devices along RENEWAL_WINDOW → ABOUT_TO_EXPIRE → EXPIRED when their certificates reach
 * the DMS deltas. Work is found through the indexed {@code next_transition_at}, so a run costs one
 * index probe when nothing is due and grows with the number of transitions, not the fleet.
 * Batches are claimed with SKIP LOCKED, so several instances may run it.
 */
public final class DeviceLifecycleJob {
    public static final int BATCH = 500;
    private final DeviceRepository repo;
    private final EventPublisher events;
    private final AuditTrail audit;

    public DeviceLifecycleJob(DeviceRepository repo, EventPublisher events, AuditTrail audit) {
        this.repo = repo;
        this.events = events;
        this.audit = audit;
    }

    /** Runs every due transition as of {@code now}; returns how many statuses changed. */
    public int runOnce(Instant now) {
        int changed = 0;
        while (true) {
            if (!repo.hasDue(now)) {
                return changed;
            }
            int[] result = audit.execute("device.lifecycle", "device", "", () -> runBatch(now));
            changed += result[1];
            if (result[0] < BATCH) {
                return changed;
            }
        }
    }

    private int[] runBatch(Instant now) {
        List<Device> due = repo.claimDue(now, BATCH);
        List<Transition> transitions = new ArrayList<>(due.size());
        List<EventPublisher.Item> published = new ArrayList<>();
        int changed = 0;
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
                changed++;
            }
            transitions.add(new Transition(after, stage.next(), event));
        }
        repo.applyTransitions(transitions);
        events.publishAll("device.status.update", published);
        return new int[] {due.size(), changed};
    }
}
