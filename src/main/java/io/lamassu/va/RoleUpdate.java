package io.lamassu.va;

import java.time.Duration;

/**
 * A change to a VA role; null fields keep their value. {@code signerSki} is upstream's
 * {@code subject_key_id_signer}: only the CA's own key signs here, so it must name that key.
 */
public record RoleUpdate(Duration crlValidity, Duration crlRefreshInterval, Boolean regenerateOnRevoke,
                         Boolean deltaEnabled, Duration deltaValidity, Duration ocspValidity, String signerSki) {
}
