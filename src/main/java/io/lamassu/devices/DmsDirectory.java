package io.lamassu.devices;

import java.util.Optional;
import java.util.Set;

/**
 * What devices need of the DMS context (implemented there, since dms → devices is the allowed
 * arrow): whether a DMS exists and its renewal deltas. Empty means the DMS does not exist.
 */
public interface DmsDirectory {
    Optional<RenewalDeltas> deltas(String dmsId);

    /**
     * Ids of the CAs under which a certificate must have been issued to become an identity of
     * this DMS's devices (its enrollment and validation CAs); empty when it names none or does not exist.
     */
    Set<String> identityCas(String dmsId);
}
