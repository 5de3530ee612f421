package io.lamassu.ca;

import static io.lamassu.ca.CaApi.BASE;
import static io.lamassu.ca.CaApi.assertError;
import static io.lamassu.ca.CaIssuanceHttpTest.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.kms.KeyBinding;
import io.lamassu.kms.storage.JdbcKeyRepository;
import io.lamassu.storage.Jdbc;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestHttp;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The race tests on PostgreSQL, plus the two interleavings a random race rarely hits, forced by
 * holding a real transaction open: a key delete arriving while a CA transaction holds the key's
 * binding, and a CA creation arriving while a key delete is in flight. On SQLite one writer runs
 * whole transactions one after the other, so neither interleaving exists there.
 */
class PostgresCaKeyRaceTest extends CaKeyRaceContract {
    /** Each step blocks on purpose: one thread per task, whatever the common pool's size. */
    static final java.util.concurrent.Executor THREADS = r -> {
        Thread t = new Thread(r, "race-step");
        t.setDaemon(true);
        t.start();
    };

    @BeforeAll
    static void start() {
        startWith(TestApp.postgres());
    }

    @Test
    void aKeyDeleteWaitsForTheCaTransactionBindingTheKeyAndIsThenRefused() throws Exception {
        String key = standaloneKey();
        CountDownLatch bound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> caTransaction = CompletableFuture.runAsync(() -> app.app().jdbc().tx().run(() -> {
            app.app().kms().bind(key, KeyBinding.ca("in-flight-ca"));
            bound.countDown();
            await(release);
        }), THREADS);
        await(bound);
        CompletableFuture<TestHttp.Response> delete = CompletableFuture.supplyAsync(
                () -> api.admin.delete(KEYS + "/" + key), THREADS);
        awaitLockWait();
        release.countDown();
        caTransaction.get(30, TimeUnit.SECONDS);
        assertError(delete.get(30, TimeUnit.SECONDS), 409, "KEY_IN_USE");
        assertThat(api.viewer.get(KEYS + "/" + key).status()).isEqualTo(200);
        app.app().kms().unbind(key, KeyBinding.ca("in-flight-ca"));
    }

    @Test
    void aCaCreationWaitsForAKeyDeleteInFlightAndThenFailsLeavingNothing() throws Exception {
        String key = standaloneKey();
        Jdbc jdbc = app.app().jdbc();
        JdbcKeyRepository keys = new JdbcKeyRepository(jdbc);
        CountDownLatch deleted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> deleteTransaction = CompletableFuture.runAsync(() -> jdbc.tx().run(() -> {
            assertThat(keys.lockBindingsForDelete(key)).isEmpty();
            keys.delete(key);
            deleted.countDown();
            await(release);
        }), THREADS);
        await(deleted);
        String ca = unique("late");
        Map<String, Object> body = CaApi.caBody(ca, null, ca, "device-profile");
        body.put("key_metadata", Map.of("key_id", key));
        CompletableFuture<TestHttp.Response> create = CompletableFuture.supplyAsync(
                () -> api.admin.post(BASE + "/cas", body), THREADS);
        awaitLockWait();
        release.countDown();
        deleteTransaction.get(30, TimeUnit.SECONDS);
        assertError(create.get(30, TimeUnit.SECONDS), 404, "KEY_NOT_FOUND");
        assertThat(api.viewer.get(BASE + "/cas/" + ca).status()).isEqualTo(404);
        assertThat(jdbc.count("SELECT COUNT(*) FROM kms_key_bindings WHERE key_id = ?", key)).isZero();
    }

    /** Until some session of this database waits for a row lock (bounded; the other side is mid-transaction). */
    static void awaitLockWait() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (app.app().jdbc().count("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'") == 0) {
            assertThat(System.nanoTime()).as("no session waited for the key's row lock").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
