package io.lamassu.va;

import io.lamassu.audit.AuditTrail;
import io.lamassu.ca.CaService;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.ca.CertificateType;
import io.lamassu.common.LamassuException;
import io.lamassu.events.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** VA roles: one per CA key, created with defaults for every CA that can sign, read and changed by admins. */
public final class VaRoleService {
    static final Duration MIN_CRL_VALIDITY = Duration.ofMinutes(5);
    static final Duration MAX_CRL_VALIDITY = Duration.ofDays(366);
    static final Duration MIN_PERIOD = Duration.ofMinutes(1);
    static final Duration MAX_OCSP_VALIDITY = Duration.ofDays(7);
    static final Duration MIN_RESPONDER_VALIDITY = Duration.ofHours(1);
    static final Duration MAX_RESPONDER_VALIDITY = Duration.ofDays(366);
    static final String UPDATED = "va.role.update";
    static final String CREATED = "va.role.crl.init";
    private final VaRepository repo;
    private final CaService cas;
    private final AuditTrail audit;
    private final EventPublisher events;
    private final Clock clock;
    private final DelegatedResponders responders;
    private final Runnable onChange;

    VaRoleService(ValidationAuthority.Dependencies d, DelegatedResponders responders, Runnable onChange) {
        this.repo = d.repo();
        this.cas = d.cas();
        this.audit = d.audit();
        this.events = d.events();
        this.clock = d.clock();
        this.responders = responders;
        this.onChange = onChange;
    }

    /** Creates the default role of every CA that has none (CAs made before the VA existed, or on another instance). */
    public int ensureRoles() {
        int created = 0;
        for (CertificateAuthority ca : cas.signingCas()) {
            created += createDefault(ca) ? 1 : 0;
        }
        return created;
    }

    /** In the caller's transaction (CA creation or import), with its event; its first CRL is due at once. */
    boolean createDefault(CertificateAuthority ca) {
        String ski = ca.certificate().subjectKeyId();
        if (ski == null || ski.isBlank() || ca.certificate().type() == CertificateType.IMPORTED_WITHOUT_KEY) {
            return false;
        }
        return repo.inTransaction(() -> {
            if (!repo.insertIfAbsent(VaRole.defaults(ski, ca.id()), clock.instant(), clock.instant())) {
                return false;
            }
            events.publish(CREATED, DelegatedResponders.subject(ski), VaRoleJson.of(repo.find(ski).orElseThrow(),
                    Optional.empty()));
            return true;
        });
    }

    public List<VaRole> list() {
        return repo.list();
    }

    public VaRole get(String caSki) {
        String ski = canonicalSki(caSki);
        return repo.find(ski).orElseThrow(() -> notFound(ski));
    }

    public VaRole update(String caSki, RoleUpdate u) {
        String ski = canonicalSki(caSki);
        VaRole updated = audit.execute(UPDATED, "va-role", ski, () -> {
            VaRole current = repo.find(ski).orElseThrow(() -> notFound(ski));
            VaRole next = apply(current, u, clock.instant());
            repo.updateOptions(next);
            // Re-read: the update may have bumped the signer generation (and holds the row's lock).
            VaRole written = repo.find(ski).orElseThrow();
            if (!written.ocsp().delegated()) {
                // Turned off: the CA key signs again from this commit on (RFC 6960 §4.2.2.2 is optional).
                repo.currentResponder(ski).ifPresent(c -> responders.retire(written, c, "disabled", null));
            }
            VaRole stored = repo.find(ski).orElseThrow();
            events.publish(UPDATED, DelegatedResponders.subject(ski), VaRoleJson.of(stored,
                    repo.currentResponder(ski)));
            responders.afterRoleChange(ski);
            return stored;
        });
        onChange.run();
        return updated;
    }

    /** The role's current delegated OCSP responder, if any. */
    public Optional<DelegatedResponder> responder(String caSki) {
        return repo.currentResponder(canonicalSki(caSki));
    }

    static VaRole apply(VaRole r, RoleUpdate u, Instant now) {
        if (u.signerSki() != null && !u.signerSki().isBlank() && !canonicalSki(u.signerSki()).equals(r.caSki())) {
            throw LamassuException.badRequest("INVALID_SIGNER",
                    "subject_key_id_signer must be the CA's own key (" + r.caSki() + ")");
        }
        VaRole.CrlOptions c = r.crl();
        Duration validity = or(u.crlValidity(), c.validity());
        Duration refresh = or(u.crlRefreshInterval(), c.refreshInterval());
        Duration delta = or(u.deltaValidity(), c.deltaValidity());
        bounded("crl_options.validity", validity, MIN_CRL_VALIDITY, MAX_CRL_VALIDITY);
        bounded("crl_options.refresh_interval", refresh, MIN_PERIOD, validity);
        bounded("crl_options.delta_crl_validity", delta, MIN_PERIOD, validity);
        VaRole.OcspOptions ocsp = ocsp(r.ocsp(), u.ocsp() == null ? RoleUpdate.Ocsp.NONE : u.ocsp());
        return r.with(new VaRole.CrlOptions(validity, refresh, or(u.regenerateOnRevoke(), c.regenerateOnRevoke()),
                or(u.deltaEnabled(), c.deltaEnabled()), delta), ocsp).with(responderDue(r, ocsp, now));
    }

    private static VaRole.OcspOptions ocsp(VaRole.OcspOptions o, RoleUpdate.Ocsp u) {
        Duration validity = or(u.validity(), o.validity());
        Duration responder = or(u.delegatedValidity(), o.delegatedValidity());
        bounded("ocsp_options.validity", validity, MIN_PERIOD, MAX_OCSP_VALIDITY);
        bounded("ocsp_options.delegated_signer.validity", responder, MIN_RESPONDER_VALIDITY, MAX_RESPONDER_VALIDITY);
        boolean delegated = or(u.delegatedSigner(), o.delegated());
        // Renewed when a third remains: every response signed by a responder must expire before it does.
        if (delegated && responder.compareTo(validity.multipliedBy(3)) < 0) {
            throw LamassuException.badRequest("INVALID_VA_ROLE", "ocsp_options.delegated_signer.validity must be"
                    + " at least three times ocsp_options.validity (" + io.lamassu.common.Durations.format(
                    validity.multipliedBy(3)) + ")");
        }
        return new VaRole.OcspOptions(validity, delegated, responder);
    }

    /** Turned on, or its lifetime changed: the responder job issues one at once; turned off: nothing due. */
    private static VaRole.ResponderState responderDue(VaRole r, VaRole.OcspOptions next, Instant now) {
        VaRole.ResponderState s = r.responder();
        Instant due = !next.delegated() ? null
                : !r.ocsp().delegated() || !next.delegatedValidity().equals(r.ocsp().delegatedValidity()) ? now
                : s.dueAt();
        return new VaRole.ResponderState(s.generation(), s.serial(), s.caSerial(), due);
    }

    private static void bounded(String field, Duration d, Duration min, Duration max) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw LamassuException.badRequest("INVALID_VA_ROLE", field + " must be between "
                    + io.lamassu.common.Durations.format(min) + " and " + io.lamassu.common.Durations.format(max));
        }
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** SKIs are lowercase hex in URLs (upstream §2.3); upper case is accepted. */
    static String canonicalSki(String ski) {
        String s = ski == null ? "" : ski.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.length() > 128 || s.length() % 2 != 0 || !s.matches("[0-9a-f]+")) {
            throw LamassuException.badRequest("INVALID_SKI", "a CA subject key id is an even number of hex digits");
        }
        return s;
    }

    static LamassuException notFound(String ski) {
        return LamassuException.notFound("VA_ROLE_NOT_FOUND", "VA role not found for CA key " + ski);
    }
}
