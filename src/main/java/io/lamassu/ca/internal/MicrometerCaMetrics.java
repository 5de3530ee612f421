package io.lamassu.ca.internal;

import io.lamassu.ca.CaMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * {@link CaMetrics} on Micrometer. Counters move only once the transaction has committed
 * ({@code afterCommit}), so a rolled-back issuance or revocation is never counted. Tags are CA and
 * profile ids: operator-created, a few hundred at most, so the number of series stays bounded.
 */
public final class MicrometerCaMetrics implements CaMetrics {
    private final MeterRegistry registry;
    private final Consumer<Runnable> afterCommit;

    public MicrometerCaMetrics(MeterRegistry registry, Consumer<Runnable> afterCommit) {
        this.registry = registry;
        this.afterCommit = afterCommit;
    }

    @Override
    public void issued(String caId, String profileId) {
        Counter c = Counter.builder("lamassu.certificates.issued")
                .description("Certificates signed, by issuing CA and issuance profile")
                .tag("ca", caId).tag("profile", profileId == null ? "" : profileId).register(registry);
        afterCommit.accept(c::increment);
    }

    @Override
    public void revoked(String caId, String reason) {
        Counter c = Counter.builder("lamassu.certificates.revoked")
                .description("Certificates revoked, by issuing CA and revocation reason")
                .tag("ca", caId == null ? "" : caId).tag("reason", reason).register(registry);
        afterCommit.accept(c::increment);
    }

    @Override
    public void signed(String caId, long nanos) {
        Timer.builder("lamassu.certificate.signing")
                .description("Time to build and sign one certificate (KMS signature included)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(5))
                .tag("ca", caId).register(registry).record(Duration.ofNanos(nanos));
    }
}
