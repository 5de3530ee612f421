package io.lamassu.scaleout;

import static io.lamassu.scaleout.ClusterFixture.CA;
import static io.lamassu.scaleout.ClusterFixture.DEV;
import static io.lamassu.scaleout.ClusterFixture.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.config.LamassuConfig;
import io.lamassu.events.CloudEvent;
import io.lamassu.testkit.Await;
import io.lamassu.testkit.MutableClock;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestBrokers;
import io.lamassu.testkit.TestDatabases;
import io.lamassu.testkit.TestHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances (two application objects, one data directory) on one PostgreSQL and one RabbitMQ
 * behave as one system: a token minted for one is accepted by the other, a CA whose key was created
 * on one signs on the other, writes on one are read on the other at once; concurrent enrollments
 * through both; due lifecycle transitions and expiries, run by both instances at the same moment,
 * happen exactly once; an external consumer receives every committed event, none twice, in commit
 * order per entity; and the alerts consumer (its queue shared by both instances) records each event once.
 */
class PostgresTwoInstancesTest {
    private static final int PER_INSTANCE = 10;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TestBrokers.Names names;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        if (names != null) {
            names.delete(ClusterFixture.queues(names));
        }
    }

    @Test
    void twoInstancesAreOneSystem() throws Exception {
        String pg = TestDatabases.freshPostgres();
        names = TestBrokers.fresh();
        ClusterFixture.ExternalConsumer external = new ClusterFixture.ExternalConsumer(names);
        closeables.add(external);
        LamassuConfig config = ClusterFixture.config(pg, names.config());
        MutableClock clock = MutableClock.atNow();
        TestApp a = TestApp.start(config, clock);
        closeables.add(a);
        ClusterFixture.installOracle(pg);
        TestApp b = TestApp.start(config, clock);
        closeables.add(b);

        // One data directory: a token minted by A is accepted by B; B creates the CA and its key.
        TestHttp adminOnB = TestHttp.tls(b, a.token("admin"));
        ClusterFixture.createProfileCaAndDms(adminOnB, "10h", "5h", "2h");
        TestHttp operatorOnA = TestHttp.tls(a, b.token("operator"));
        TestHttp operatorOnB = TestHttp.tls(b, a.token("operator"));
        ok(operatorOnA.get(CA + "/cas/issuing-ca"), 200);

        // Concurrent enrollments through both instances; A signs with the key B created.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        closeables.add(pool::shutdownNow);
        Future<List<String>> onA = pool.submit(() -> enrollMany(operatorOnA, "a"));
        Future<List<String>> onB = pool.submit(() -> enrollMany(operatorOnB, "b"));
        List<String> serials = new ArrayList<>(onA.get());
        serials.addAll(onB.get());
        int devices = 2 * PER_INSTANCE;
        // Written on one, read on the other at once.
        ok(operatorOnB.get(DEV + "/devices/a-3"), 200);
        ok(operatorOnA.get(CA + "/certificates/" + serials.get(devices - 1)), 200);

        // Due work, run by both instances at the same moment: each transition exactly once.
        Instant start = clock.instant();
        assertThat(bothAtOnce(pool, start.plus(Duration.ofHours(6)), a, b,
                (t) -> app -> app.app().deviceLifecycle().runOnce(t))).isEqualTo(devices);
        assertThat(bothAtOnce(pool, start.plus(Duration.ofHours(9)), a, b,
                (t) -> app -> app.app().deviceLifecycle().runOnce(t))).isEqualTo(devices);
        assertThat(bothAtOnce(pool, start.plus(Duration.ofHours(11)), a, b,
                (t) -> app -> app.app().expiryJob().runOnce(t))).isEqualTo(devices);
        assertThat(ClusterFixture.count(pg, "SELECT COUNT(*) FROM device_state WHERE status = 'EXPIRED'")).isEqualTo(devices);

        // Every committed event reaches the external consumer once, in commit order per subject.
        List<String[]> committed = ClusterFixture.committed(pg);
        Await.until("every committed event at the external consumer", Duration.ofSeconds(60),
                () -> external.distinctIds().size() >= committed.size());
        assertThat(external.received).extracting(CloudEvent::id)
                .as("no event published twice").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(committed.stream().map(r -> r[0]).toList());
        assertInCommitOrderPerEntity(ClusterFixture.receivedBySubject(external.received),
                ClusterFixture.bySubject(committed));
        assertThat(transitionsPerSubject(committed)).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        assertThat(committed.stream().filter(r -> r[2].equals("certificate.status.update")).count()).isEqualTo(devices);
        assertThat(committed.stream().filter(r -> r[2].equals("device.status.update")).count())
                .as("ACTIVE (bound), RENEWAL_WINDOW, ABOUT_TO_EXPIRE, EXPIRED per device").isEqualTo(4L * devices);

        // The alerts consumer's queue is shared by both instances: each event recorded once.
        Await.until("the alerts consumer", Duration.ofSeconds(60), () -> count(pg,
                "SELECT COUNT(*) FROM event_inbox WHERE consumer = 'alerts'") == committed.size());
        assertThat(ClusterFixture.count(pg, "SELECT COUNT(*) FROM alert_latest_events")).isPositive();
        assertThat(ClusterFixture.count(pg, "SELECT SUM(counter) FROM alert_latest_events")).isEqualTo(committed.size());
        assertThat(ClusterFixture.count(pg, "SELECT COUNT(*) FROM event_outbox")).isZero();
    }

    /**
     * Changes of one entity lock its row, so their events are in commit order = outbox id order.
     * {@code dms/<id>} events (bind-device-id) come from enrollments of different devices that do
     * not conflict: the relay publishes them in the order they became visible, which need not be
     * id order; all must arrive.
     */
    static void assertInCommitOrderPerEntity(Map<String, List<String>> received, Map<String, List<String>> committed) {
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(committed.keySet());
        committed.forEach((subject, ids) -> {
            if (subject.startsWith("dms/")) {
                assertThat(received.get(subject)).as(subject).containsExactlyInAnyOrderElementsOf(ids);
            } else {
                assertThat(received.get(subject)).as(subject).containsExactlyElementsOf(ids);
            }
        });
    }

    private static List<String> enrollMany(TestHttp operator, String prefix) {
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < PER_INSTANCE; i++) {
            serials.add(ClusterFixture.enroll(operator, prefix + "-" + i));
        }
        return serials;
    }

    /** Runs the job on both instances at once, released together; returns the sum of what they did. */
    private static int bothAtOnce(ExecutorService pool, Instant at, TestApp a, TestApp b,
                                  Function<Instant, Function<TestApp, Integer>> job) throws Exception {
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
        List<Callable<Integer>> runs = List.of(() -> {
            barrier.await();
            return job.apply(at).apply(a);
        }, () -> {
            barrier.await();
            return job.apply(at).apply(b);
        });
        int sum = 0;
        for (Future<Integer> f : pool.invokeAll(runs)) {
            sum += f.get();
        }
        return sum;
    }

    /** (subject, type, new status) → number of events: a transition handled twice would show 2. */
    private static Map<String, Integer> transitionsPerSubject(List<String[]> committed) {
        Map<String, Integer> m = new HashMap<>();
        for (String[] r : committed) {
            if (r[2].endsWith("status.update")) {
                m.merge(r[1] + " " + r[2] + " " + ClusterFixture.updatedStatus(r[3]), 1, Integer::sum);
            }
        }
        return m;
    }

    private static long count(String pg, String sql) {
        try {
            return ClusterFixture.count(pg, sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
