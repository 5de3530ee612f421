package io.lamassu.dms;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import io.lamassu.ca.Certificate;
import io.lamassu.devices.BindResult;
import io.lamassu.devices.DeviceIdentityService;
import io.lamassu.devices.DeviceService;
import io.lamassu.common.json.MetadataUpdate;
import io.lamassu.devices.RegisterDevice;
import io.lamassu.events.EventPublisher;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** DMS CRUD with validated settings, and identity binding on behalf of a DMS. */
public final class DmsService {
    private static final Set<String> BIND_MODES = Set.of("PROVISIONED", "RE-PROVISIONED", "RENEWED");
    private final DmsRepository repo;
    private final CertificateAuthorities cas;
    private final DmsSettingsValidator validator;
    private final DeviceService devices;
    private final DeviceIdentityService identities;
    private final Collaborators c;

    /** Event publisher, audit trail and clock. */
    public record Collaborators(EventPublisher events, AuditTrail audit, Clock clock) {
    }

    public DmsService(DmsRepository repo, CertificateAuthorities cas, DeviceService devices,
                      DeviceIdentityService identities, Collaborators c) {
        this.repo = repo;
        this.cas = cas;
        this.validator = new DmsSettingsValidator(cas::exists);
        this.devices = devices;
        this.identities = identities;
        this.c = c;
    }

    public Dms create(Dms input) {
        return c.audit().execute("dms.create", "dms", input.id(), () -> {
            RegisterDevice.validateId(input.id(), "INVALID_DMS_ID", "DMS id");
            requireName(input.name());
            Dms dms = new Dms(input.id(), input.name().trim(), input.metadata(),
                    c.clock().instant().truncatedTo(ChronoUnit.MILLIS), validator.normalise(input.settings(), null));
            if (!repo.insert(dms)) {
                throw LamassuException.conflict("DMS_ALREADY_EXISTS", "DMS '" + input.id() + "' already exists");
            }
            Dms shown = redacted(dms);
            c.events().publish("dms.create", subject(dms.id()), shown);
            return shown;
        });
    }

    public Dms get(String id) {
        return redacted(find(id, false));
    }

    public Page<Dms> list(ListQuery q) {
        return repo.list(q).map(DmsService::redacted);
    }

    public long count(List<Filter> filters) {
        return repo.count(filters);
    }

    /** Replaces name, metadata and settings; the id comes from the path (upstream took it from the body). */
    public Dms update(String id, Dms input) {
        return c.audit().execute("dms.update", "dms", id, () -> {
            if (input.id() != null && !input.id().isEmpty() && !input.id().equals(id)) {
                throw LamassuException.badRequest("DMS_ID_MISMATCH",
                        "body id '" + input.id() + "' differs from the path id '" + id + "'");
            }
            requireName(input.name());
            Dms before = find(id, true);
            Dms after = new Dms(id, input.name().trim(), input.metadata(), before.creationTs(),
                    validator.normalise(input.settings(), before.settings()));
            repo.update(after);
            Dms shown = redacted(after);
            c.events().publishUpdate("dms.update", subject(id), redacted(before), shown);
            return shown;
        });
    }

    public Dms updateMetadata(String id, MetadataUpdate update) {
        return c.audit().execute("dms.metadata.update", "dms", id, () -> {
            Dms before = find(id, true);
            Dms after = before.withMetadata(update.applyTo(before.metadata()));
            repo.update(after);
            Dms shown = redacted(after);
            c.events().publishUpdate("dms.metadata.update", subject(id), redacted(before), shown);
            return shown;
        });
    }

    /** Refused while devices belong to it: they would lose their renewal policy and enrollment settings. */
    public void delete(String id) {
        c.audit().run("dms.delete", "dms", id, () -> {
            find(id, true);
            long owned = devices.countByDms(id);
            if (owned > 0) {
                throw LamassuException.conflict("DMS_HAS_DEVICES", "DMS '" + id + "' still owns " + owned
                        + " device(s); delete or move them first");
            }
            repo.delete(id);
            c.events().publish("dms.delete", subject(id), Map.of("id", id));
        });
    }

    public BindIdentityResult bindIdentity(BindIdentity cmd) {
        return bindIdentity(cmd, true);
    }

    /** For EST enrollment (joins its transaction); {@code revokePrevious} per the DMS's settings. */
    public BindIdentityResult bindIdentity(BindIdentity cmd, boolean revokePrevious) {
        if (cmd.deviceId() == null || cmd.deviceId().isBlank()) {
            throw LamassuException.badRequest("INVALID_BIND", "'device_id' is required");
        }
        if (cmd.bindMode() != null && !BIND_MODES.contains(cmd.bindMode())) {
            throw LamassuException.badRequest("INVALID_BIND_MODE", "bind_mode must be one of " + BIND_MODES);
        }
        return c.audit().execute("dms.bind-device-id", "device", cmd.deviceId(), () -> {
            BindResult r = identities.bindInTransaction(cmd.deviceId(), cmd.certificateSerialNumber(), cmd.bindMode(),
                    revokePrevious);
            Dms dms = redacted(find(r.device().dmsOwner(), false));
            Certificate certificate = cas.certificate(r.certificate().serialNumber());
            BindIdentityResult result = new BindIdentityResult(certificate, dms, r.device());
            c.events().publish("dms.bind-device-id", subject(dms.id()),
                    new BindIdentityResult(certificate, dms, r.device().withoutHistory()));
            return result;
        });
    }

    private Dms find(String id, boolean lock) {
        return repo.find(id, lock).orElseThrow(() -> LamassuException.notFound("DMS_NOT_FOUND",
                "DMS '" + id + "' does not exist"));
    }

    private static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw LamassuException.badRequest("INVALID_DMS", "'name' is required");
        }
    }

    private static Dms redacted(Dms d) {
        return new Dms(d.id(), d.name(), d.metadata(), d.creationTs(), DmsSettingsValidator.redacted(d.settings()));
    }

    private static String subject(String id) {
        return "dms/" + id;
    }
}
