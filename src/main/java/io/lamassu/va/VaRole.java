package io.lamassu.va;

import java.time.Duration;
import java.time.Instant;

/**
 * What the validation authority does for one CA key (upstream's VA role, keyed by the CA's SKI):
 * how long CRLs and OCSP responses are valid, when CRLs are regenerated, who signs OCSP
 * responses, and what it has issued.
 */
public record VaRole(String caSki, String caId, CrlOptions crl, OcspOptions ocsp, Issued issued,
                     ResponderState responder) {
    /** Upstream defaults (upstream-notes §4.3) plus delta CRLs off and one-hour OCSP responses signed by the CA key. */
    public static VaRole defaults(String caSki, String caId) {
        return new VaRole(caSki, caId, new CrlOptions(Duration.ofDays(7), Duration.ofDays(7).minusHours(1), true, false,
                Duration.ofHours(1)), new OcspOptions(Duration.ofHours(1), false,
                OcspOptions.DEFAULT_DELEGATED_VALIDITY), Issued.NONE, ResponderState.NONE);
    }

    public VaRole with(CrlOptions c, OcspOptions o) {
        return new VaRole(caSki, caId, c, o, issued, responder);
    }

    public VaRole with(ResponderState r) {
        return new VaRole(caSki, caId, crl, ocsp, issued, r);
    }

    /**
     * {@code refreshInterval}: a new base CRL is due this long after the last one (but always well
     * before its nextUpdate); {@code deltaValidity} is both a delta CRL's lifetime and its period.
     */
    public record CrlOptions(Duration validity, Duration refreshInterval, boolean regenerateOnRevoke,
                             boolean deltaEnabled, Duration deltaValidity) {
    }

    /**
     * {@code validity}: of each response. {@code delegated}: responses are signed by a delegated
     * responder certificate (RFC 6960 §4.2.2.2) the VA has the CA issue for {@code delegatedValidity}
     * and renews when a third of it remains; otherwise by the CA key.
     */
    public record OcspOptions(Duration validity, boolean delegated, Duration delegatedValidity) {
        public static final Duration DEFAULT_DELEGATED_VALIDITY = Duration.ofDays(30);
    }

    /**
     * The last CRLs issued. Base and delta CRLs share one number sequence ({@code crlNumber}, RFC
     * 5280 §5.2.3); 0 means none yet. {@code changes} counts status changes seen for this CA;
     * the due times say when the next base and delta CRLs are to be issued (null: no delta due).
     */
    public record Issued(long crlNumber, long baseNumber, Instant baseThisUpdate, Instant baseNextUpdate,
                         long deltaNumber, Instant deltaThisUpdate, Instant deltaNextUpdate, long changes,
                         Instant crlDueAt, Instant deltaDueAt) {
        public static final Issued NONE = new Issued(0, 0, null, null, 0, null, null, 0, Instant.EPOCH, null);
    }

    /**
     * The current delegated responder: its serial (null: the CA key signs) and the CA certificate
     * that issued it. {@code generation} is bumped by every signer change; {@code dueAt} is when the
     * responder job next has work for this role (null: none).
     */
    public record ResponderState(long generation, String serial, String caSerial, Instant dueAt) {
        public static final ResponderState NONE = new ResponderState(0, null, null, null);
    }
}
