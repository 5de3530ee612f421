package io.lamassu.devices;

import java.time.Duration;

/** The owning DMS's re-enrollment monitoring deltas: RENEWAL_WINDOW and ABOUT_TO_EXPIRE start this long before expiry. */
public record RenewalDeltas(Duration preventive, Duration critical) {
}
