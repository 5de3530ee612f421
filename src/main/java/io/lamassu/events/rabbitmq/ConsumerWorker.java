package io.lamassu.events.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One consuming service's deliveries, handed to its handler in batches of what has arrived. The
 * client's dispatch thread only queues a delivery; one drain at a time takes everything queued (at
 * most the channel's prefetch, as the broker sends no more unacknowledged) and processes it in
 * delivery order. Under load a batch holds many deliveries, so a service can commit them in one
 * database transaction instead of one each; when idle a batch is the single new delivery, and
 * nothing waits for company.
 */
final class ConsumerWorker {
    /** A message as the broker delivered it on {@code channel}. */
    record Delivery(Channel channel, Envelope envelope, byte[] body) {
    }

    private final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Executor executor;
    private final int maxBatch;
    private final Consumer<List<Delivery>> process;

    ConsumerWorker(Executor executor, int maxBatch, Consumer<List<Delivery>> process) {
        this.executor = executor;
        this.maxBatch = maxBatch;
        this.process = process;
    }

    void offer(Delivery delivery) {
        queue.add(delivery);
        schedule();
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // Shutting down: unacknowledged deliveries go back to the queue with the channel.
                draining.set(false);
            }
        }
    }

    private void drain() {
        try {
            for (List<Delivery> batch = next(); !batch.isEmpty(); batch = next()) {
                process.accept(batch);
            }
        } finally {
            draining.set(false);
            // A delivery queued after our last poll and before the flag cleared would wait otherwise.
            if (!queue.isEmpty()) {
                schedule();
            }
        }
    }

    private List<Delivery> next() {
        List<Delivery> batch = new ArrayList<>();
        while (batch.size() < maxBatch) {
            Delivery d = queue.poll();
            if (d == null) {
                break;
            }
            batch.add(d);
        }
        return batch;
    }
}
