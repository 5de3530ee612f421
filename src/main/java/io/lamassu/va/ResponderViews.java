package io.lamassu.va;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Who signs OCSP responses for each CA key, as the OCSP hot path sees it: the role's response
 * validity, signer generation and current delegated responder (parsed once). A view is re-read
 * from the database at most once a second (a change committed on another instance is seen within
 * that), and at once on this instance after a change it committed ({@link #invalidate}).
 */
final class ResponderViews {
    /** Monotonic, not the injected clock: this bounds staleness of a cache, it decides nothing in the PKI. */
    private static final long RELOAD_NANOS = 1_000_000_000L;
    private static final int MAX_VIEWS = 100_000;
    private final VaRepository repo;
    private final ConcurrentHashMap<String, Loaded> views = new ConcurrentHashMap<>();

    ResponderViews(VaRepository repo) {
        this.repo = repo;
    }

    /**
     * {@code responder} null: the CA key signs. {@code keyHash}: SHA-1 of the responder's public
     * key bits (RFC 6960 §4.2.1 ResponderID byKey).
     */
    record View(long generation, Duration validity, DelegatedResponder responder, X509CertificateHolder certificate,
                byte[] keyHash) {
    }

    private record Loaded(View view, long at) {
    }

    View of(String ski) {
        Loaded l = views.get(ski);
        long now = System.nanoTime();
        if (l == null || now - l.at() >= RELOAD_NANOS) {
            if (views.size() >= MAX_VIEWS) {
                views.clear();
            }
            l = new Loaded(load(ski), now);
            views.put(ski, l);
        }
        return l.view();
    }

    void invalidate(String ski) {
        views.remove(ski);
    }

    private View load(String ski) {
        Optional<VaRole> role = repo.find(ski);
        if (role.isEmpty()) {
            return new View(-1, OcspResponder.DEFAULT_VALIDITY, null, null, null);
        }
        VaRole r = role.get();
        Optional<DelegatedResponder> d = r.ocsp().delegated() && r.responder().serial() != null
                ? repo.currentResponder(ski) : Optional.empty();
        if (d.isEmpty()) {
            return new View(r.responder().generation(), r.ocsp().validity(), null, null, null);
        }
        X509CertificateHolder cert = parse(d.get().der());
        return new View(r.responder().generation(), r.ocsp().validity(), d.get(), cert,
                CaDirectory.digest("SHA-1", cert.getSubjectPublicKeyInfo().getPublicKeyData().getBytes()));
    }

    private static X509CertificateHolder parse(byte[] der) {
        try {
            return new X509CertificateHolder(der);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored OCSP responder certificate is not DER", e);
        }
    }
}
