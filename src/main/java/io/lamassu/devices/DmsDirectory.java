package io.lamassu.devices;

import java.util.Optional;

/**
 * What devices need of the DMS context (implemented there, since dms → devices is the allowed
 * arrow): whether a DMS exists and its renewal deltas. Empty means the DMS does not exist.
 */
public interface DmsDirectory {
    Optional<RenewalDeltas> deltas(String dmsId);
}
