package io.lamassu.alerts;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event types a subscription may name: upstream's catalogue (upstream-notes §5), which this
 * product publishes under the same names. A subscription to a misspelt type would silently never
 * fire, so unknown types are refused; types that were actually received are accepted too, so an
 * event added later is subscribable as soon as it has been seen. New publishers: add types here.
 */
public final class EventTypes {
    public static final List<String> CATALOGUE = List.of(
            "ca.create", "ca.import", "ca.status.update", "ca.profile.update", "ca.metadata.update", "ca.reissue",
            "ca.delete", "ca.sign.certificate", "ca.sign.signature",
            "certificate.create", "certificate.import", "certificate.status.update", "certificate.metadata.update",
            "certificate.delete",
            "profile.issuance.create", "profile.issuance.update", "profile.issuance.delete",
            "kms.create", "kms.import", "kms.metadata.update", "kms.aliases.update", "kms.name.update",
            "kms.tags.update", "kms.delete", "kms.sign", "kms.verify",
            "dms.create", "dms.update", "dms.metadata.update", "dms.delete", "dms.enroll", "dms.reenroll",
            "dms.bind-device-id",
            "device.create", "device.status.update", "device.identity.update", "device.metadata.update",
            "device.delete",
            "device-group.create", "device-group.update", "device-group.delete",
            "va.role.update", "va.role.crl.init", "va.role.crl.create",
            // This product's own: delegated OCSP responders (issue 9, docs/events.md).
            "va.role.ocsp.signer.create", "va.role.ocsp.signer.retire");

    private EventTypes() {
    }

    /** The catalogue plus {@code seen}, sorted (for error messages and the documentation). */
    public static Set<String> known(Set<String> seen) {
        Set<String> all = new TreeSet<>(CATALOGUE);
        all.addAll(seen);
        return all;
    }
}
