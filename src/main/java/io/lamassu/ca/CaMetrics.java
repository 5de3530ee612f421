package io.lamassu.ca;

/**
 * What the CA context reports to operations (issue 13): issuance and revocation counts by CA and
 * profile or reason, and how long the signing step takes. Implementations count only what commits.
 */
public interface CaMetrics {
    CaMetrics NONE = new CaMetrics() {
        @Override
        public void issued(String caId, String profileId) {
        }

        @Override
        public void revoked(String caId, String reason) {
        }

        @Override
        public void signed(String caId, long nanos) {
        }
    };

    /** A certificate signed by {@code caId} under {@code profileId} (empty for an inline profile). */
    void issued(String caId, String profileId);

    void revoked(String caId, String reason);

    /** Time spent building and signing one certificate (the KMS signature included). */
    void signed(String caId, long nanos);
}
