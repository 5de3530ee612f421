package io.lamassu.va;

import io.lamassu.ca.CaService;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.crypto.Certificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;

/**
 * The CAs this VA answers for, indexed by the issuer hashes an OCSP CertID carries (RFC 6960
 * §4.1.1: hash of the issuer's DN and of its public key, with SHA-1 or a SHA-2). Rebuilt from the
 * CA context when a CA is created or imported, and at most once a second on an unknown issuer (a
 * CA created on another instance).
 */
final class CaDirectory {
    private static final String[] DIGESTS = {"1.3.14.3.2.26", "2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2",
            "2.16.840.1.101.3.4.2.3"};
    private static final String[] DIGEST_NAMES = {"SHA-1", "SHA-256", "SHA-384", "SHA-512"};
    private static final long RELOAD_MILLIS = 1000;
    private final CaService cas;
    private final Clock clock;
    private volatile Map<String, List<Indexed>> byKeyHash = Map.of();
    private volatile boolean stale = true;
    private volatile long loadedAt;

    CaDirectory(CaService cas, Clock clock) {
        this.cas = cas;
        this.clock = clock;
    }

    /**
     * CAs sharing a key and subject answer together (a re-imported CA has a new id and the same
     * key): {@code ids} are their ids, {@code ca} the one that signs (an ACTIVE one if any).
     */
    record Issuer(CertificateAuthority ca, String ski, Set<String> ids, X500Name subject, SubjectPublicKeyInfo key,
                  byte[] sha1KeyHash) {
    }

    private record Indexed(Issuer issuer, byte[] nameHash) {
    }

    void invalidate() {
        stale = true;
    }

    Optional<Issuer> match(CertificateID id) {
        Optional<Issuer> found = lookup(id);
        if (found.isEmpty() && (stale || clock.millis() - loadedAt >= RELOAD_MILLIS)) {
            reload();
            found = lookup(id);
        }
        return found;
    }

    boolean issuedBy(CertificateID id, Issuer issuer) {
        return lookup(id).map(i -> i == issuer).orElse(false);
    }

    private Optional<Issuer> lookup(CertificateID id) {
        if (stale) {
            reload();
        }
        List<Indexed> candidates = byKeyHash.get(key(id.getHashAlgOID().getId(), id.getIssuerKeyHash()));
        if (candidates == null) {
            return Optional.empty();
        }
        for (Indexed c : candidates) {
            if (MessageDigest.isEqual(c.nameHash(), id.getIssuerNameHash())) {
                return Optional.of(c.issuer());
            }
        }
        return Optional.empty();
    }

    synchronized void reload() {
        stale = false;
        loadedAt = clock.millis();
        Map<String, List<CertificateAuthority>> groups = new HashMap<>();
        for (CertificateAuthority ca : cas.signingCas()) {
            X509CertificateHolder x = Certificates.parse(ca.certificate().certificate(), "INVALID_CERTIFICATE");
            groups.computeIfAbsent(ca.certificate().subjectKeyId() + "/" + HexFormat.of().formatHex(der(x.getSubject())),
                    k -> new ArrayList<>()).add(ca);
        }
        Map<String, List<Indexed>> index = new HashMap<>();
        for (List<CertificateAuthority> group : groups.values()) {
            Issuer issuer = issuer(group);
            byte[] name = der(issuer.subject());
            byte[] keyBits = issuer.key().getPublicKeyData().getBytes();
            for (int i = 0; i < DIGESTS.length; i++) {
                index.computeIfAbsent(key(DIGESTS[i], digest(DIGEST_NAMES[i], keyBits)), k -> new ArrayList<>())
                        .add(new Indexed(issuer, digest(DIGEST_NAMES[i], name)));
            }
        }
        byKeyHash = index;
    }

    private static Issuer issuer(List<CertificateAuthority> group) {
        CertificateAuthority signer = group.stream().filter(c -> c.status() == CertificateStatus.ACTIVE).findFirst()
                .orElse(group.get(0));
        Set<String> ids = new LinkedHashSet<>();
        group.forEach(c -> ids.add(c.id()));
        X509CertificateHolder x = Certificates.parse(signer.certificate().certificate(), "INVALID_CERTIFICATE");
        SubjectPublicKeyInfo key = x.getSubjectPublicKeyInfo();
        return new Issuer(signer, signer.certificate().subjectKeyId(), Set.copyOf(ids), x.getSubject(), key,
                digest("SHA-1", key.getPublicKeyData().getBytes()));
    }

    private static String key(String digestOid, byte[] keyHash) {
        return digestOid + ":" + HexFormat.of().formatHex(keyHash);
    }

    private static byte[] der(X500Name name) {
        try {
            return name.getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
