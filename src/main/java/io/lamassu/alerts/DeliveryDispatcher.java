package io.lamassu.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries on a bounded pool of workers. It claims no more deliveries than it has free
 * workers, and at most one per subscription at a time, so a receiver that hangs holds one worker
 * (until its timeout) and never the deliveries of other subscriptions; the event flow only writes
 * rows and never waits for a receiver. Time comes from the injected clock: tests move it instead
 * of sleeping.
 */
public final class DeliveryDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private static final long COALESCE_MILLIS = 5;
    private final DeliveryRepository deliveries;
    private final Map<ChannelType, ChannelSender> senders;
    private final Clock clock;
    private final Settings settings;
    private final ExecutorService workers;
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile ScheduledExecutorService timer;
    private volatile boolean closed;

    /** {@code lease}: how long a claimed delivery stays claimed; must outlast an attempt's timeouts. */
    public record Settings(int workers, RetryPolicy retry, Duration lease) {
    }

    public DeliveryDispatcher(DeliveryRepository deliveries, List<ChannelSender> senders, Clock clock,
                              Settings settings) {
        this.deliveries = deliveries;
        this.senders = new java.util.EnumMap<>(ChannelType.class);
        senders.forEach(s -> this.senders.put(s.type(), s));
        this.clock = clock;
        this.settings = settings;
        this.workers = Executors.newFixedThreadPool(settings.workers(), daemon("alerts-delivery"));
    }

    /** Polls for due deliveries every {@code pollMillis}, and runs {@code housekeeping} every {@code housekeepingMillis}. */
    public void start(long pollMillis, Runnable housekeeping, long housekeepingMillis) {
        timer = Executors.newSingleThreadScheduledExecutor(daemon("alerts-dispatch"));
        timer.scheduleWithFixedDelay(this::runQuietly, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> quietly(housekeeping), housekeepingMillis, housekeepingMillis,
                TimeUnit.MILLISECONDS);
    }

    /** Deliveries were recorded or a worker came free: dispatch soon rather than at the next poll. */
    public void wakeUp() {
        ScheduledExecutorService t = timer;
        if (t != null && !closed && wakePending.compareAndSet(false, true)) {
            try {
                t.schedule(() -> {
                    wakePending.set(false);
                    runQuietly();
                }, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                wakePending.set(false);
            }
        }
    }

    /**
     * Claims what is due now (as many as there are free workers) and starts it. The result
     * completes when these and every attempt already in flight have been recorded, with their
     * number: zero means nothing was in flight and nothing was due.
     */
    public synchronized CompletableFuture<Integer> runDue() {
        List<CompletableFuture<Void>> all = new ArrayList<>(inFlight.values());
        int free = settings.workers() - inFlight.size();
        while (free > 0 && !closed) {
            Instant now = clock.instant();
            List<DeliveryJob> jobs = deliveries.claimDue(new DeliveryRepository.ClaimRequest(now,
                    now.plus(settings.lease()), free, Set.copyOf(inFlight.keySet()), settings.retry().maxAttempts()));
            if (jobs.isEmpty()) {
                break;
            }
            for (DeliveryJob job : jobs) {
                all.add(start(job));
            }
            free -= jobs.size();
        }
        int n = all.size();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> n);
    }

    /** The attempt in flight for {@code subscriptionId}, or a completed future when there is none. */
    public CompletableFuture<Void> inFlight(String subscriptionId) {
        return inFlight.getOrDefault(subscriptionId, CompletableFuture.completedFuture(null));
    }

    private CompletableFuture<Void> start(DeliveryJob job) {
        String sub = job.subscription().id();
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight.put(sub, done);
        try {
            workers.execute(() -> {
                try {
                    attempt(job);
                } finally {
                    inFlight.remove(sub, done);
                    done.complete(null);
                    wakeUp();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.remove(sub, done);
            done.complete(null);
        }
        return done;
    }

    private void attempt(DeliveryJob job) {
        long t0 = System.nanoTime();
        AttemptResult result;
        try {
            result = send(job);
        } catch (InterruptedException e) {
            // Shutting down: leave the claim; the lease expires and another run retries it.
            Thread.currentThread().interrupt();
            return;
        }
        if (closed) {
            return;
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Instant at = clock.instant();
        RetryPolicy retry = settings.retry();
        DeliveryStatus status = result.delivered() ? DeliveryStatus.DELIVERED
                : retry.exhausted(job.attempt()) ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
        Instant next = status == DeliveryStatus.PENDING ? retry.nextAttempt(job.attempt(), at) : null;
        quietly(() -> deliveries.complete(new DeliveryRepository.Completion(job, result, millis, at, status, next)));
        if (!result.delivered()) {
            LOG.info("alert delivery {} attempt {} failed ({}): {}", job.deliveryId(), job.attempt(), status,
                    result.reply());
        }
    }

    private AttemptResult send(DeliveryJob job) throws InterruptedException {
        ChannelSender sender = senders.get(job.subscription().channel().type());
        if (sender == null) {
            return AttemptResult.failed(null, "channel " + job.subscription().channel().type() + " is not available");
        }
        try {
            return sender.send(job);
        } catch (RuntimeException e) {
            LOG.warn("alert delivery {} failed unexpectedly", job.deliveryId(), e);
            return AttemptResult.failed(null, "internal error while sending (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void runQuietly() {
        quietly(this::runDue);
    }

    private static void quietly(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("alerts dispatch failed: {}", e.toString());
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Stops dispatching. Attempts in flight are interrupted and left claimed: their lease runs out
     * and the next run (here or on another instance) retries them. Waits briefly for the threads,
     * so that none still uses the database when it closes.
     */
    @Override
    public void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
        workers.shutdownNow();
        try {
            if (timer != null) {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            }
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
