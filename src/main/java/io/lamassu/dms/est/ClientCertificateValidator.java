package io.lamassu.dms.est;

import io.lamassu.ca.CaService;
import io.lamassu.ca.Certificate;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.ca.CertificateService;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.common.LamassuException;
import io.lamassu.crypto.Pem;
import io.lamassu.crypto.SerialNumbers;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a client's certificate chain (leaf first, as presented in the TLS handshake or by a
 * trusted proxy) against a DMS's validation CAs (upstream-notes §7.3): RFC 5280 path validation
 * with each CA's certificate as trust anchor, first success wins; {@code chainLevel > 0} keeps
 * only that many presented certificates; expired leaves only when allowed, never future-dated
 * ones; then every certificate on the path, the anchor included, must not be REVOKED (or, for the
 * anchor, anything but ACTIVE) in this system's own records.
 */
final class ClientCertificateValidator {
    /** Validated paths remembered; past this many the memory starts over (a device fleet's bootstrap chains are few). */
    static final int MAX_REMEMBERED = 10_000;
    private final CaService cas;
    private final CertificateService certificates;
    /**
     * Paths (presented chain + anchor, by their encodings) that passed RFC 5280 validation. With
     * revocation checking off, the outcome for fixed certificates depends on the date only through
     * each certificate's validity period, which is checked again on every use; the anchor's state
     * and every certificate's status in this system are read fresh on every request. So a
     * keep-alive client (or a fleet sharing one bootstrap chain) pays the signature checks once.
     */
    private final Set<PathKey> validPaths = ConcurrentHashMap.newKeySet();

    ClientCertificateValidator(CaService cas, CertificateService certificates) {
        this.cas = cas;
        this.certificates = certificates;
    }

    /** The rules of one check: which CAs, how much of the chain, whether an expired leaf is tolerated. */
    record Policy(Collection<String> caIds, int chainLevel, boolean allowExpired) {
    }

    /** Throws 403 EST_CLIENT_CERTIFICATE_UNTRUSTED / _REVOKED; returns the id of the CA that vouched. */
    String validate(List<X509Certificate> presented, Policy policy, Instant now) {
        List<X509Certificate> chain = policy.chainLevel() > 0 && presented.size() > policy.chainLevel()
                ? presented.subList(0, policy.chainLevel()) : presented;
        for (X509Certificate c : chain) {
            if (c.getNotBefore().toInstant().isAfter(now)) {
                throw untrusted("the client certificate chain holds a certificate that is not valid yet");
            }
        }
        X509Certificate leaf = chain.get(0);
        Instant at = now;
        if (!leaf.getNotAfter().toInstant().isAfter(now)) {
            if (!policy.allowExpired()) {
                throw untrusted("the client certificate expired at " + leaf.getNotAfter().toInstant());
            }
            at = leaf.getNotAfter().toInstant().minusSeconds(1);
        }
        for (String caId : new java.util.LinkedHashSet<>(policy.caIds())) {
            for (X509Certificate anchor : anchors(caId)) {
                if (pathValid(chain, anchor, at)) {
                    requireNotRevoked(chain, anchor);
                    return caId;
                }
            }
        }
        throw untrusted("the client certificate was not issued under any validation CA of this DMS "
                + new ArrayList<>(policy.caIds()));
    }

    /**
     * The CA's certificate, then the earlier ones a reissue replaced that are still ACTIVE: a
     * device certificate issued under an earlier key chains only to the certificate of that key.
     */
    private List<X509Certificate> anchors(String caId) {
        try {
            CertificateAuthority ca = cas.get(caId);
            if (ca.status() != CertificateStatus.ACTIVE) {
                return List.of();
            }
            List<X509Certificate> out = new ArrayList<>();
            out.add(x509(ca.certificate()));
            cas.previousCertificates(caId).stream().filter(c -> c.status() == CertificateStatus.ACTIVE)
                    .forEach(c -> out.add(x509(c)));
            return out;
        } catch (LamassuException e) {
            return List.of();
        }
    }

    private boolean pathValid(List<X509Certificate> chain, X509Certificate anchor, Instant at) {
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (c.equals(anchor) || isSelfIssued(c)) {
                break; // the anchor, or a root the client appended: the path ends below it
            }
            path.add(c);
        }
        if (path.isEmpty()) {
            return false;
        }
        PathKey key = PathKey.of(path, anchor);
        if (key != null && validPaths.contains(key)) {
            return withinValidity(path, at);
        }
        boolean valid = validate(path, anchor, at);
        if (valid && key != null) {
            if (validPaths.size() >= MAX_REMEMBERED) {
                validPaths.clear();
            }
            validPaths.add(key);
        }
        return valid;
    }

    /** What PKIX checks against the date, for a path whose signatures and extensions already passed. */
    private static boolean withinValidity(List<X509Certificate> path, Instant at) {
        Date when = Date.from(at);
        for (X509Certificate c : path) {
            if (when.before(c.getNotBefore()) || when.after(c.getNotAfter())) {
                return false;
            }
        }
        return true;
    }

    /** The encodings of a path and its anchor, compared by SHA-256 of each. */
    private record PathKey(List<String> digests) {
        static PathKey of(List<X509Certificate> path, X509Certificate anchor) {
            try {
                List<String> d = new ArrayList<>();
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                for (X509Certificate c : path) {
                    d.add(java.util.HexFormat.of().formatHex(sha.digest(c.getEncoded())));
                }
                d.add(java.util.HexFormat.of().formatHex(sha.digest(anchor.getEncoded())));
                return new PathKey(List.copyOf(d));
            } catch (GeneralSecurityException e) {
                return null; // not encodable: validated every time
            }
        }
    }

    private static boolean validate(List<X509Certificate> path, X509Certificate anchor, Instant at) {
        try {
            PKIXParameters p = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            p.setRevocationEnabled(false);
            p.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(path), p);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean isSelfIssued(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    /** Status as this system records it; a certificate unknown here is judged by its chain alone. */
    private void requireNotRevoked(List<X509Certificate> chain, X509Certificate anchor) {
        List<X509Certificate> all = new ArrayList<>(chain);
        all.add(anchor);
        for (X509Certificate c : all) {
            Optional<Certificate> known = certificates.find(SerialNumbers.format(c.getSerialNumber()))
                    .filter(k -> sameCertificate(k, c));
            if (known.isPresent() && known.get().status() == CertificateStatus.REVOKED) {
                throw LamassuException.forbidden("EST_CLIENT_CERTIFICATE_REVOKED", "certificate "
                        + known.get().serialNumber() + " of the client's chain is revoked");
            }
        }
    }

    /** Serial numbers are unique per issuer only: compare the encodings before trusting a status. */
    private static boolean sameCertificate(Certificate known, X509Certificate presented) {
        try {
            return Arrays.equals(Pem.derFromAnyEncoding(known.certificate(), "CERTIFICATE", "INVALID_CERTIFICATE"),
                    presented.getEncoded());
        } catch (GeneralSecurityException | LamassuException e) {
            return false;
        }
    }

    static X509Certificate x509(Certificate c) {
        try {
            byte[] der = Pem.derFromAnyEncoding(c.certificate(), "CERTIFICATE", "INVALID_CERTIFICATE");
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored certificate " + c.serialNumber() + " does not parse", e);
        }
    }

    private static LamassuException untrusted(String why) {
        return LamassuException.forbidden("EST_CLIENT_CERTIFICATE_UNTRUSTED", why);
    }
}
