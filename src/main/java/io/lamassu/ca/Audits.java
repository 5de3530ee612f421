package io.lamassu.ca;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.LamassuException;

/** Records a refused operation whose checks ran before its transaction (crypto stays outside transactions). */
final class Audits {
    private Audits() {
    }

    static void failure(AuditTrail audit, String action, String objectType, String objectId, LamassuException e) {
        try {
            audit.run(action, objectType, objectId, () -> {
                throw e;
            });
        } catch (LamassuException expected) {
            // execute() records the failure and rethrows it; the caller throws the original.
        }
    }
}
