package io.lamassu.va;

import io.lamassu.ca.CaService;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.ca.CertificateService;
import io.lamassu.ca.CertificateState;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.ca.CertificateType;
import io.lamassu.common.LamassuException;
import io.lamassu.crypto.Certificates;
import io.lamassu.events.EventPublisher;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues base and delta CRLs (RFC 5280 §5) per CA key when due, and serves the stored bytes.
 * Several instances may run this at once: each builds from a snapshot, and the database's
 * conditional update on the role's CRL number lets exactly one of them store each number.
 */
public final class CrlService {
    private static final Logger LOG = LoggerFactory.getLogger(CrlService.class);
    /**
     * Delta CRLs list changes logged since the base's thisUpdate minus this overlap, so a change
     * whose transaction committed just after the base's snapshot is never missed (listing a
     * change the base already has is harmless).
     */
    static final Duration DELTA_OVERLAP = Duration.ofMinutes(10);
    static final int DUE_BATCH = 50;
    private final VaRepository repo;
    private final CaService cas;
    private final CertificateService certificates;
    static final String CREATED = "va.role.crl.create";
    private final Clock clock;
    private final String baseUrl;
    private final EventPublisher events;

    CrlService(ValidationAuthority.Dependencies d) {
        this.repo = d.repo();
        this.cas = d.cas();
        this.certificates = d.certificates();
        this.clock = d.clock();
        this.events = d.events();
        String baseUrl = d.publicBaseUrl();
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /**
     * Stores the CRL with its {@code va.role.crl.create} event in one transaction. Upstream's payload
     * is the whole Go RevocationList (megabytes for a large CRL); this one names it and counts its
     * entries: fetch the bytes from {@code /crl/<ski>}.
     */
    private boolean storeWithEvent(StoredCrl crl, long changesSeen, Instant nextDue, Instant deltaDue, int entries) {
        return repo.inTransaction(() -> {
            if (!repo.store(crl, changesSeen, nextDue, deltaDue)) {
                return false;
            }
            java.util.Map<String, Object> payload = new java.util.LinkedHashMap<>();
            payload.put("ca_ski", crl.caSki());
            payload.put("crl_number", Long.toString(crl.number()));
            payload.put("delta", crl.delta());
            payload.put("base_crl_number", Long.toString(crl.baseNumber()));
            payload.put("this_update", crl.thisUpdate().toString());
            payload.put("next_update", crl.nextUpdate().toString());
            payload.put("entries", entries);
            payload.put("url", baseUrl + "/crl/" + crl.caSki() + (crl.delta() ? "/delta" : ""));
            events.publish(CREATED, DelegatedResponders.subject(crl.caSki()), payload);
            return true;
        });
    }

    /** The latest base (or delta) CRL of the CA key; 404 when there is no role or none issued yet. */
    public StoredCrl latest(String caSki, boolean delta) {
        String ski = VaRoleService.canonicalSki(caSki);
        VaRole role = repo.find(ski).orElseThrow(() -> VaRoleService.notFound(ski));
        return repo.latest(ski, delta).orElseThrow(() -> LamassuException.notFound("CRL_NOT_FOUND", delta
                ? (role.crl().deltaEnabled() ? "no delta CRL issued yet for " : "delta CRLs are off for ") + ski
                : "no CRL issued yet for " + ski));
    }

    /** Issues every CRL that is due; @return how many were stored by this instance. */
    public int runDue() {
        int stored = 0;
        for (String ski : repo.due(clock.instant(), DUE_BATCH)) {
            try {
                stored += issueDue(ski);
            } catch (RuntimeException e) {
                LOG.warn("CRL for {} not issued: {}", ski, e.toString());
            }
        }
        return stored;
    }

    int issueDue(String ski) {
        Optional<VaRole> found = repo.find(ski);
        Optional<Group> group = found.flatMap(this::group);
        if (group.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        VaRole role = found.get();
        int stored = 0;
        if (!role.issued().crlDueAt().isAfter(now) || role.issued().baseNumber() == 0) {
            if (!issueBase(role, group.get(), now)) {
                return 0;
            }
            stored++;
            role = repo.find(ski).orElseThrow();
        }
        Instant deltaDue = role.issued().deltaDueAt();
        if (role.crl().deltaEnabled() && deltaDue != null && !deltaDue.isAfter(now) && issueDelta(role, group.get(),
                now)) {
            stored++;
        }
        return stored;
    }

    /** The CAs sharing the role's key: their certificates are listed; {@code signer} signs. */
    private record Group(CertificateAuthority signer, List<String> ids, X509CertificateHolder cert) {
    }

    private Optional<Group> group(VaRole role) {
        List<CertificateAuthority> all = cas.findBySubjectKeyId(role.caSki()).stream()
                .filter(c -> c.certificate().type() != CertificateType.IMPORTED_WITHOUT_KEY).toList();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        CertificateAuthority signer = all.stream().filter(c -> c.id().equals(role.caId())).findFirst()
                .orElse(all.get(0));
        return Optional.of(new Group(signer, all.stream().map(CertificateAuthority::id).toList(),
                Certificates.parse(signer.certificate().certificate(), "INVALID_CERTIFICATE")));
    }

    private boolean issueBase(VaRole role, Group g, Instant now) {
        long number = role.issued().crlNumber() + 1;
        long t0 = System.nanoTime();
        CrlEncoder enc = new CrlEncoder();
        certificates.forEachRevoked(g.ids(), s -> enc.addHex(s.serialNumber(), revokedAt(s, now), s.reason().code()));
        Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(role.crl().validity());
        Extensions ext = extensions(role, g, number, -1);
        long t1 = System.nanoTime();
        byte[] der = enc.sign(new CrlEncoder.Header(g.cert().getSubject(), thisUpdate, nextUpdate, ext),
                cas.signer(g.signer()));
        long t2 = System.nanoTime();
        Duration refresh = min(role.crl().refreshInterval(), role.crl().validity().multipliedBy(9).dividedBy(10));
        boolean stored = storeWithEvent(new StoredCrl(role.caSki(), number, false, number, thisUpdate, nextUpdate, der),
                role.issued().changes(), thisUpdate.plus(refresh), role.crl().deltaEnabled() ? thisUpdate : null,
                enc.size());
        if (stored) {
            repo.pruneChanges(g.ids(), thisUpdate.minus(DELTA_OVERLAP).minus(DELTA_OVERLAP));
            LOG.info("CRL {} for {} issued with {} entries (read and encode {} ms, sign {} ms, store {} ms)", number,
                    role.caSki(), enc.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
        }
        return stored;
    }

    private boolean issueDelta(VaRole role, Group g, Instant now) {
        long number = role.issued().crlNumber() + 1;
        long base = role.issued().baseNumber();
        CrlEncoder enc = new CrlEncoder();
        for (VaRepository.Change c : repo.changesSince(g.ids(), role.issued().baseThisUpdate().minus(DELTA_OVERLAP))) {
            Optional<CertificateState> s = certificates.state(c.serialNumber());
            BigInteger serial = new BigInteger(c.serialNumber(), 16);
            if (s.isPresent() && s.get().status() == CertificateStatus.REVOKED) {
                enc.add(serial, revokedAt(s.get(), now), s.get().reason().code());
            } else if (c.wasRevoked()) {
                // RFC 5280 §5.3.1: a certificate released from hold is listed as removeFromCRL.
                enc.add(serial, c.changedAt(), CRLReason.removeFromCRL);
            }
        }
        Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(role.crl().deltaValidity());
        byte[] der = enc.sign(new CrlEncoder.Header(g.cert().getSubject(), thisUpdate, nextUpdate,
                extensions(role, g, number, base)), cas.signer(g.signer()));
        Instant nextDue = thisUpdate.plus(role.crl().deltaValidity().multipliedBy(9).dividedBy(10));
        return storeWithEvent(new StoredCrl(role.caSki(), number, true, base, thisUpdate, nextUpdate, der),
                role.issued().changes(), null, nextDue, enc.size());
    }

    private static Instant revokedAt(CertificateState s, Instant now) {
        return s.revokedAt() == null ? now : s.revokedAt();
    }

    /**
     * CRL number and AKI (RFC 5280 §5.2.1, §5.2.3); a critical issuing distribution point naming
     * this CA's CRL URL (§5.2.5; the same in base and delta, which must have the same scope);
     * Freshest CRL in a base when deltas are on (§5.2.6); the delta CRL indicator in a delta (§5.2.4).
     * A self-signed CA's CRLs carry no IDP: its own certificate has no CRL distribution point, so
     * with an IDP naming one, no CRL would be in scope for it and path validation that checks the
     * trust anchor too (openssl verify -crl_check_all) would fail.
     */
    private Extensions extensions(VaRole role, Group g, long number, long baseNumber) {
        String url = baseUrl + "/crl/" + role.caSki();
        IssuingDistributionPoint idp = new IssuingDistributionPoint(new DistributionPointName(
                new GeneralNames(uri(url))), false, false, null, false, false);
        var list = new java.util.ArrayList<Extension>();
        list.add(ext(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number))));
        list.add(ext(Extension.authorityKeyIdentifier, false,
                new AuthorityKeyIdentifier(HexFormat.of().parseHex(role.caSki()))));
        if (!Certificates.isSelfSigned(g.cert())) {
            list.add(ext(Extension.issuingDistributionPoint, true, idp));
        }
        if (baseNumber >= 0) {
            list.add(ext(Extension.deltaCRLIndicator, true, new ASN1Integer(baseNumber)));
        } else if (role.crl().deltaEnabled()) {
            list.add(ext(Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(new GeneralNames(uri(url + "/delta"))), null,
                            null)})));
        }
        return new Extensions(list.toArray(new Extension[0]));
    }

    private static Extension ext(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
                                 org.bouncycastle.asn1.ASN1Encodable value) {
        return new Extension(oid, critical, new org.bouncycastle.asn1.DEROctetString(CrlEncoder.der(value)));
    }

    private static GeneralName uri(String url) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, url);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
