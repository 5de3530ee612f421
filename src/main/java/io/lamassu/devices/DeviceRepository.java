package io.lamassu.devices;

import io.lamassu.common.Page;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import io.lamassu.events.OutboxInsert;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Device storage port; every method joins the caller's transaction. */
public interface DeviceRepository {
    /** False when a device with this id exists already. */
    boolean insert(Device device);

    /** With {@code lock}, the row stays locked until the transaction ends (read-modify-write). */
    Optional<Device> find(String id, boolean lock);

    /** The device whose active identity is this certificate. */
    Optional<Device> findByCertificate(String serialNumber, boolean lock);

    /** Writes status, tags, metadata, identity slot (and its serial) and the next transition time. */
    void update(Device device, Instant nextTransitionAt);

    boolean delete(String id);

    void addEvent(String deviceId, EventScope scope, DeviceEvent event);

    Page<Device> list(ListQuery query);

    /** A device's history, keyset-paged; the query carries the device id filter. */
    Page<DeviceEventEntry> events(ListQuery query);

    Map<DeviceStatus, Long> countByStatus(List<Filter> filters);

    long countByDms(String dmsId);

    /** A cheap index probe: is any transition due? */
    boolean hasDue(Instant now);

    /** Claims up to {@code limit} devices whose next transition is due (SKIP LOCKED on PostgreSQL). */
    List<Device> claimDue(Instant now, int limit);

    /** How many lifecycle batches may be claimed and applied at once (SKIP LOCKED makes them disjoint). */
    int concurrentBatches();

    /**
     * Claims up to {@code limit} due devices and applies their transitions, device events and
     * outbox events with one set-based statement, the payloads built by the database; empty when
     * this store cannot (SQLite: the job computes the transitions in Java and calls
     * {@link #applyTransitions}). Same rules and results as the Java path.
     */
    Optional<BatchResult> transitionDue(Instant now, int limit, OutboxInsert events);

    /** Applies many lifecycle transitions with a few set-based statements. */
    void applyTransitions(List<Transition> transitions);

    enum EventScope { DEVICE, SLOT }

    /** A lifecycle batch: devices claimed, and how many of them changed status. */
    record BatchResult(int claimed, int changed) {
    }

    record Transition(Device updated, Instant nextTransitionAt, DeviceEvent event) {
    }
}
