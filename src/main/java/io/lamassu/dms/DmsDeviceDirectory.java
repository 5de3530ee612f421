package io.lamassu.dms;

import io.lamassu.devices.DmsDirectory;
import io.lamassu.devices.RenewalDeltas;
import java.util.Optional;
import java.util.Set;

/** Tells the device manager whether a DMS exists and which renewal deltas it sets. */
public final class DmsDeviceDirectory implements DmsDirectory {
    private final DmsRepository repo;

    public DmsDeviceDirectory(DmsRepository repo) {
        this.repo = repo;
    }

    @Override
    public Optional<RenewalDeltas> deltas(String dmsId) {
        return repo.find(dmsId, false).map(d -> new RenewalDeltas(DmsSettingsValidator.preventive(d.settings()),
                DmsSettingsValidator.critical(d.settings())));
    }

    @Override
    public Set<String> identityCas(String dmsId) {
        return repo.find(dmsId, false).map(d -> DmsSettingsValidator.identityCas(d.settings())).orElse(Set.of());
    }
}
