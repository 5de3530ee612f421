package io.lamassu.va;

import io.lamassu.audit.AuditTrail;
import io.lamassu.ca.CaService;
import io.lamassu.ca.CertificateService;
import io.lamassu.events.EventPublisher;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validation authority: OCSP responder, CRLs and roles, wired to the CA context through its
 * root package only. CRL work runs on one daemon thread: periodically, and soon after any commit
 * that makes a CRL due (a revocation, a new CA, a role change), coalesced.
 */
public final class ValidationAuthority implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ValidationAuthority.class);
    private final CaDirectory directory;
    private final OcspResponder ocsp;
    private final CrlService crls;
    private final VaRoleService roles;
    private final DelegatedResponders responders;
    private final VaListener listener;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean queued = new AtomicBoolean();

    /**
     * Everything the VA needs from outside. {@code publicBaseUrl} names the CRL URLs inside CRLs;
     * {@code events} is the transactional outbox the {@code va.role.*} events go to.
     */
    public record Dependencies(VaRepository repo, CaService cas, CertificateService certificates, AuditTrail audit,
                               EventPublisher events, Clock clock, String publicBaseUrl) {
    }

    public ValidationAuthority(Dependencies d) {
        this.directory = new CaDirectory(d.cas(), d.clock());
        ResponderViews views = new ResponderViews(d.repo());
        this.ocsp = new OcspResponder(directory, d.certificates(), d.cas(), views, d.clock());
        this.crls = new CrlService(d);
        this.responders = new DelegatedResponders(d.repo(), d.cas(), d.events(), views, d.clock());
        this.roles = new VaRoleService(d, responders, this::nudge);
        this.listener = new VaListener(d, roles, responders, new VaListener.Hooks(this::nudge, this::onCaCommit));
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "va-crl");
            t.setDaemon(true);
            return t;
        });
        d.cas().addCaListener(listener);
        d.certificates().addStatusListener(listener);
    }

    /** Creates missing roles and starts the CRL schedule ({@code periodMillis} between checks). */
    public void start(long periodMillis) {
        roles.ensureRoles();
        worker.scheduleWithFixedDelay(this::runOnce, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** A CA created, imported or reissued here: its certificate and keys are looked up afresh. */
    private void onCaCommit() {
        directory.invalidate();
        ocsp.clearCache();
        nudge();
    }

    /** Asks for a CRL run soon; several requests before it starts make one run. */
    public void nudge() {
        if (queued.compareAndSet(false, true)) {
            try {
                worker.execute(this::runOnce);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                queued.set(false);
            }
        }
    }

    /**
     * One pass: missing roles, every due CRL, then every due delegated OCSP responder. One pass at a
     * time per instance: the responder job's claim skips rows locked by another transaction (this
     * instance's CRL run included), and a caller returns only once the work it could not claim is done.
     * @return CRLs stored by this instance
     */
    public synchronized int runOnce() {
        queued.set(false);
        int stored = 0;
        try {
            roles.ensureRoles();
            stored = crls.runDue();
        } catch (RuntimeException e) {
            LOG.warn("VA CRL run failed: {}", e.toString());
        }
        try {
            responders.runDue();
        } catch (RuntimeException e) {
            LOG.warn("VA OCSP responder run failed: {}", e.toString());
        }
        return stored;
    }

    public OcspResponder ocsp() {
        return ocsp;
    }

    public CrlService crls() {
        return crls;
    }

    public VaRoleService roles() {
        return roles;
    }

    /** Graceful (issue 7): a CRL run in progress finishes before the database behind it closes. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
