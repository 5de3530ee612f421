package io.lamassu.va;

import java.time.Duration;

/**
 * A change to a VA role; null fields keep their value. {@code signerSki} is upstream's
 * {@code subject_key_id_signer}: CRLs are signed by the CA's own key, so it must name that key.
 * {@code delegatedSigner} turns the delegated OCSP responder on or off.
 */
public record RoleUpdate(Duration crlValidity, Duration crlRefreshInterval, Boolean regenerateOnRevoke,
                         Boolean deltaEnabled, Duration deltaValidity, Ocsp ocsp, String signerSki) {
    /** The {@code ocsp_options} part. */
    public record Ocsp(Duration validity, Boolean delegatedSigner, Duration delegatedValidity) {
        public static final Ocsp NONE = new Ocsp(null, null, null);
    }
}
