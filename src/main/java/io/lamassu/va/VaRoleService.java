package io.lamassu.va;

import io.lamassu.audit.AuditTrail;
import io.lamassu.ca.CaService;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.ca.CertificateType;
import io.lamassu.common.LamassuException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** VA roles: one per CA key, created with defaults for every CA that can sign, read and changed by admins. */
public final class VaRoleService {
    static final Duration MIN_CRL_VALIDITY = Duration.ofMinutes(5);
    static final Duration MAX_CRL_VALIDITY = Duration.ofDays(366);
    static final Duration MIN_PERIOD = Duration.ofMinutes(1);
    static final Duration MAX_OCSP_VALIDITY = Duration.ofDays(7);
    private final VaRepository repo;
    private final CaService cas;
    private final AuditTrail audit;
    private final Clock clock;
    private final Runnable onChange;

    VaRoleService(VaRepository repo, CaService cas, AuditTrail audit, Clock clock, Runnable onChange) {
        this.repo = repo;
        this.cas = cas;
        this.audit = audit;
        this.clock = clock;
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

    /** In the caller's transaction (CA creation or import); its first CRL is due at once. */
    boolean createDefault(CertificateAuthority ca) {
        String ski = ca.certificate().subjectKeyId();
        if (ski == null || ski.isBlank() || ca.certificate().type() == CertificateType.IMPORTED_WITHOUT_KEY) {
            return false;
        }
        return repo.insertIfAbsent(VaRole.defaults(ski, ca.id()), clock.instant(), clock.instant());
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
        VaRole updated = audit.execute("va.role.update", "va-role", ski, () -> {
            VaRole current = repo.find(ski).orElseThrow(() -> notFound(ski));
            VaRole next = apply(current, u);
            repo.updateOptions(next);
            return repo.find(ski).orElseThrow();
        });
        onChange.run();
        return updated;
    }

    static VaRole apply(VaRole r, RoleUpdate u) {
        if (u.signerSki() != null && !u.signerSki().isBlank() && !canonicalSki(u.signerSki()).equals(r.caSki())) {
            throw LamassuException.badRequest("INVALID_SIGNER",
                    "subject_key_id_signer must be the CA's own key (" + r.caSki() + ")");
        }
        VaRole.CrlOptions c = r.crl();
        Duration validity = or(u.crlValidity(), c.validity());
        Duration refresh = or(u.crlRefreshInterval(), c.refreshInterval());
        Duration delta = or(u.deltaValidity(), c.deltaValidity());
        Duration ocsp = or(u.ocspValidity(), r.ocsp().validity());
        bounded("crl_options.validity", validity, MIN_CRL_VALIDITY, MAX_CRL_VALIDITY);
        bounded("crl_options.refresh_interval", refresh, MIN_PERIOD, validity);
        bounded("crl_options.delta_crl_validity", delta, MIN_PERIOD, validity);
        bounded("ocsp_options.validity", ocsp, MIN_PERIOD, MAX_OCSP_VALIDITY);
        return r.with(new VaRole.CrlOptions(validity, refresh, or(u.regenerateOnRevoke(), c.regenerateOnRevoke()),
                or(u.deltaEnabled(), c.deltaEnabled()), delta), new VaRole.OcspOptions(ocsp));
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
