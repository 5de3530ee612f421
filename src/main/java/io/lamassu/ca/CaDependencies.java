package io.lamassu.ca;

import io.lamassu.audit.AuditTrail;
import io.lamassu.crypto.SerialNumbers;
import io.lamassu.events.EventPublisher;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything the CA services share, built once by the composition root. {@code publicBaseUrl} is
 * the plain-HTTP base for AIA OCSP ({@code /ocsp}) and CRL distribution points ({@code /crl/<ski>}).
 */
public record CaDependencies(CertificateRepository certificates, CaRepository cas, ProfileRepository profiles,
                             CaKeys keys, EventPublisher events, AuditTrail audit, Clock clock,
                             SerialNumbers serials, String publicBaseUrl, List<CertificateStatusListener> listeners,
                             List<CertificateAuthorityListener> caListeners, CaMetrics metrics) {
    public CaDependencies {
        listeners = listeners == null ? new CopyOnWriteArrayList<>() : listeners;
        caListeners = caListeners == null ? new CopyOnWriteArrayList<>() : caListeners;
        metrics = metrics == null ? CaMetrics.NONE : metrics;
        publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
    }

    public static CaDependencies of(CertificateRepository certificates, CaRepository cas, ProfileRepository profiles,
                                    CaKeys keys, Platform platform) {
        return new CaDependencies(certificates, cas, profiles, keys, platform.events(), platform.audit(),
                platform.clock(), platform.serials(), platform.publicBaseUrl(), new CopyOnWriteArrayList<>(),
                new CopyOnWriteArrayList<>(), platform.metrics());
    }

    /** The platform services every context gets from the composition root. */
    public record Platform(EventPublisher events, AuditTrail audit, Clock clock, SerialNumbers serials,
                           String publicBaseUrl, CaMetrics metrics) {
        /** Without metrics (tests and tools that build their own CA graph). */
        public Platform(EventPublisher events, AuditTrail audit, Clock clock, SerialNumbers serials,
                        String publicBaseUrl) {
            this(events, audit, clock, serials, publicBaseUrl, CaMetrics.NONE);
        }
    }
}
