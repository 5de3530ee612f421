package io.lamassu.va;

import io.lamassu.ca.CaService;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.ca.CertificateType;
import io.lamassu.ca.OcspResponderService;
import io.lamassu.common.LamassuException;
import io.lamassu.crypto.Certificates;
import io.lamassu.events.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, renews and retires delegated OCSP responders (RFC 6960 §4.2.2.2) as the VA roles ask.
 * The key and certificate are made outside any transaction; one transaction then switches the
 * role's signer (conditional on its generation, so one of several instances wins), stores the
 * key, deletes the retired one and publishes the event. Roles are visited when due (an indexed
 * time), so the cost follows the changes, not the number of CAs.
 */
final class DelegatedResponders {
    static final String CREATED = "va.role.ocsp.signer.create";
    static final String RETIRED = "va.role.ocsp.signer.retire";
    /** A CA that cannot sign now (revoked, on hold, past its validity) is asked again this much later. */
    static final Duration RETRY = Duration.ofMinutes(15);
    /** A claimed role is not due for other instances this long (issuing takes seconds; a dead holder's claim lapses). */
    static final Duration LEASE = Duration.ofMinutes(5);
    static final Duration MIN_LIFETIME = Duration.ofHours(1);
    static final int DUE_BATCH = 50;
    private static final Logger LOG = LoggerFactory.getLogger(DelegatedResponders.class);
    private final VaRepository repo;
    private final CaService cas;
    private final EventPublisher events;
    private final ResponderViews views;
    private final Clock clock;

    DelegatedResponders(VaRepository repo, CaService cas, EventPublisher events, ResponderViews views, Clock clock) {
        this.repo = repo;
        this.cas = cas;
        this.events = events;
        this.views = views;
        this.clock = clock;
    }

    /**
     * One run at a time per instance (scheduled, nudged or called): a caller returns only when the
     * roles claimed before it are done, since it does not see those claimed by a run in progress.
     * @return responders issued by this run
     */
    synchronized int runDue() {
        int issued = 0;
        Instant claimedAt = clock.instant();
        for (String ski : repo.claimRespondersDue(claimedAt, claimedAt.plus(LEASE), DUE_BATCH)) {
            Optional<VaRole> role = repo.find(ski);
            if (role.isEmpty()) {
                continue;
            }
            try {
                issued += reconcile(role.get()) ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.warn("OCSP responder for {} not issued: {}", ski, e.toString());
                // Conditional: a change committed meanwhile (another instance's responder) keeps its due time.
                repo.responderDue(ski, role.get().responder().generation(), clock.instant().plus(RETRY));
            }
        }
        return issued;
    }

    /**
     * Brings one role's responder in line with its options; @return whether a responder was issued.
     * Every due time written is conditional on the generation read, so a concurrent change wins.
     */
    boolean reconcile(VaRole role) {
        String ski = role.caSki();
        long g = role.responder().generation();
        Optional<DelegatedResponder> current = repo.currentResponder(ski);
        Instant now = clock.instant();
        if (!role.ocsp().delegated()) {
            repo.inTransaction(() -> current.ifPresentOrElse(c -> retire(role, c, "disabled", null),
                    () -> repo.responderDue(ski, g, null)));
            return false;
        }
        if (current.isPresent() && !now.isBefore(current.get().notAfter())) {
            // Renewal kept failing (the CA cannot sign, e.g. it expired): unbind and delete the dead key.
            repo.inTransaction(() -> retire(role, current.get(), "expired", now.plus(RETRY)));
            return false;
        }
        Optional<CertificateAuthority> ca = signingCa(role);
        if (ca.isEmpty()) {
            // No CA certificate has this key any more: the current responder (if any) is retired at its end;
            // a CA created, imported or reissued with the key makes the role due again.
            repo.responderDue(ski, g, current.map(DelegatedResponder::notAfter).orElse(null));
            return false;
        }
        // A new lifetime applies from the next renewal, but a responder outliving a shortened one is replaced now.
        if (current.isPresent() && current.get().caSerial().equals(ca.get().serialNumber())
                && now.isBefore(current.get().renewAt())
                && !current.get().notAfter().isAfter(now.plus(role.ocsp().delegatedValidity()))) {
            repo.responderDue(ski, g, current.get().renewAt());
            return false;
        }
        if (Duration.between(now, ca.get().certificate().validTo()).compareTo(shortest(role)) < 0) {
            // The CA expires soon: no ever shorter responders; the current one serves out its life, then retires.
            // A reissue extending the CA makes the role due again (VaListener.onReissued).
            repo.responderDue(ski, g, current.map(DelegatedResponder::notAfter).orElse(null));
            return false;
        }
        return issue(role, ca.get(), current, now);
    }

    /** A responder is worth issuing only if it can outlive three responses (and an hour). */
    private static Duration shortest(VaRole role) {
        Duration three = role.ocsp().validity().multipliedBy(3);
        return three.compareTo(MIN_LIFETIME) > 0 ? three : MIN_LIFETIME;
    }

    private boolean issue(VaRole role, CertificateAuthority ca, Optional<DelegatedResponder> current, Instant now) {
        OcspResponderService.Credential c;
        try {
            c = cas.ocspResponders().issue(ca, role.ocsp().delegatedValidity());
        } catch (LamassuException e) {
            LOG.info("OCSP responder for {} not issued now: {}", role.caSki(), e.getMessage());
            repo.responderDue(role.caSki(), role.responder().generation(), now.plus(RETRY));
            return false;
        }
        DelegatedResponder next = new DelegatedResponder(Certificates.serial(c.certificate()), role.caSki(), c.caId(),
                c.caSerial(), c.keyId(), c.certificate().getNotBefore().toInstant(),
                c.certificate().getNotAfter().toInstant(), role.responder().generation() + 1,
                Certificates.der(c.certificate()));
        return repo.inTransaction(() -> {
            if (!stillCurrent(role, ca, c.caSerial())) {
                return false;
            }
            if (!repo.switchResponder(role.caSki(), role.responder().generation(), next, now, next.renewAt())) {
                return false;
            }
            cas.ocspResponders().store(c);
            current.ifPresent(old -> cas.ocspResponders().delete(old.keyId(), old.caId()));
            Map<String, Object> payload = payload(role, current.isPresent() ? "renewed" : "issued");
            payload.put("certificate", VaRoleJson.responder(next));
            payload.put("previous_serial_number", current.map(DelegatedResponder::serialNumber).orElse(null));
            events.publish(CREATED, subject(role.caSki()), payload);
            repo.afterCommit(() -> views.invalidate(role.caSki()));
            LOG.info("OCSP responder {} issued for CA key {} (valid to {})", next.serialNumber(), role.caSki(),
                    next.notAfter());
            return true;
        });
    }

    /**
     * In the commit transaction, the role's row locked: its generation is the one the responder was
     * issued under, and the CA certificate that signed it is still the CA's and ACTIVE. A revocation
     * (or hold) committed after the job read the CA would otherwise leave a no-check responder of a
     * revoked CA installed; one committing later locks the row after us and retires it.
     */
    private boolean stillCurrent(VaRole role, CertificateAuthority ca, String caSerial) {
        Optional<VaRole> locked = repo.lockRole(role.caSki());
        if (locked.isEmpty() || locked.get().responder().generation() != role.responder().generation()) {
            return false;
        }
        CertificateAuthority now = cas.get(ca.id());
        if (now.status() == CertificateStatus.ACTIVE && now.serialNumber().equals(caSerial)) {
            return true;
        }
        LOG.info("OCSP responder for {} discarded: CA certificate {} is no longer ACTIVE", role.caSki(), caSerial);
        repo.responderDue(role.caSki(), role.responder().generation(), clock.instant().plus(RETRY));
        return false;
    }

    /**
     * In the caller's transaction: the CA key signs the role's responses again and the retired
     * responder's key is deleted. {@code nextDue}: when the job should look at the role again.
     * 409 when another transaction changed the signer first.
     */
    void retire(VaRole role, DelegatedResponder current, String reason, Instant nextDue) {
        if (!repo.switchResponder(role.caSki(), role.responder().generation(), null, clock.instant(), nextDue)) {
            throw LamassuException.conflict("VA_ROLE_CHANGED", "the OCSP signer of " + role.caSki()
                    + " changed concurrently; try again");
        }
        cas.ocspResponders().delete(current.keyId(), current.caId());
        Map<String, Object> payload = payload(role, reason);
        payload.put("serial_number", current.serialNumber());
        events.publish(RETIRED, subject(role.caSki()), payload);
        repo.afterCommit(() -> views.invalidate(role.caSki()));
        LOG.info("OCSP responder {} of CA key {} retired ({})", current.serialNumber(), role.caSki(), reason);
    }

    /**
     * In the CA's transaction: a revoked (or held) CA certificate with this key stops its role's
     * responder at once, whichever certificate of the key issued it (a same-key reissue has several).
     * The role's row is locked and its generation always bumped, so a responder being issued
     * meanwhile is not installed, and no job's concurrent change makes the revocation fail.
     */
    void onCaCertificateRevoked(String caSki) {
        repo.lockRole(caSki).ifPresent(role -> {
            Instant nextDue = role.ocsp().delegated() ? clock.instant().plus(RETRY) : null;
            Optional<DelegatedResponder> current = repo.currentResponder(caSki);
            if (current.isPresent()) {
                retire(role, current.get(), "ca-revoked", nextDue);
            } else {
                repo.switchResponder(caSki, role.responder().generation(), null, clock.instant(), nextDue);
                afterRoleChange(caSki);
            }
        });
    }

    /**
     * In the CA's transaction: a CA certificate with this key came back from hold, was created,
     * imported or reissued; the job looks at the role at once (a responder issued meanwhile under the
     * previous state is not installed, and one issued by a replaced CA certificate is replaced).
     */
    void markDue(String caSki) {
        if (caSki != null && !caSki.isBlank()) {
            repo.markResponderDue(caSki, clock.instant());
            afterRoleChange(caSki);
        }
    }

    /** After a role change commits, this instance's OCSP answers follow it at once. */
    void afterRoleChange(String ski) {
        repo.afterCommit(() -> views.invalidate(ski));
    }

    /** The CA issuing the role's responders: the role's own if ACTIVE, else another ACTIVE one with the key. */
    private Optional<CertificateAuthority> signingCa(VaRole role) {
        List<CertificateAuthority> all = cas.findBySubjectKeyId(role.caSki()).stream()
                .filter(c -> c.certificate().type() != CertificateType.IMPORTED_WITHOUT_KEY).toList();
        return all.stream().filter(c -> c.id().equals(role.caId()) && c.status() == CertificateStatus.ACTIVE)
                .findFirst()
                .or(() -> all.stream().filter(c -> c.status() == CertificateStatus.ACTIVE).findFirst())
                .or(() -> all.stream().findFirst());
    }

    static String subject(String ski) {
        return "crl/" + ski;
    }

    private static Map<String, Object> payload(VaRole role, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ca_ski", role.caSki());
        m.put("ca_id", role.caId());
        m.put("reason", reason);
        return m;
    }
}
