package io.lamassu.ca;

import io.lamassu.crypto.Certificates;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Whether a certificate was issued under one of a set of CAs: by one of them or by a CA below
 * one of them, at any depth. Every link is checked as path validation checks it (RFC 5280
 * §6.1.3: the certificate's issuer name is the CA's subject and its signature verifies under the
 * CA's key), never taken from a stored issuer id alone: a CA deleted and created again under the
 * same id, with another key, did not issue its predecessor's certificates.
 */
final class IssuerChains {
    /** Far deeper than any real hierarchy; it only bounds the walk. */
    static final int MAX_DEPTH = 32;
    private final CaDependencies d;

    IssuerChains(CaDependencies d) {
        this.d = d;
    }

    boolean issuedUnder(Certificate cert, Collection<String> caIds) {
        List<X509CertificateHolder> anchors = caIds.stream().distinct().map(d.cas()::find).flatMap(Optional::stream)
                .flatMap(this::certificates).map(CaCertificates::x509).toList();
        Set<String> seen = new HashSet<>();
        Optional<Certificate> current = Optional.of(cert);
        for (int depth = 0; depth < MAX_DEPTH && current.isPresent() && seen.add(current.get().serialNumber());
             depth++) {
            X509CertificateHolder x509 = CaCertificates.x509(current.get());
            if (anchors.stream().anyMatch(a -> issued(a, x509))) {
                return true;
            }
            current = Certificates.isSelfSigned(x509) ? Optional.empty() : issuer(current.get(), x509);
        }
        return false;
    }

    /** The CA's certificate and the earlier ones a reissue replaced: each issued under the CA. */
    private Stream<Certificate> certificates(CertificateAuthority ca) {
        return Stream.concat(Stream.of(ca.certificate()), d.cas().previousCertificates(ca.id()).stream());
    }

    /** The stored CA certificate that signed {@code cert}: candidates by AKI = SKI, and the recorded issuer. */
    private Optional<Certificate> issuer(Certificate cert, X509CertificateHolder x509) {
        Stream<CertificateAuthority> byKeyId = cert.authorityKeyId().isEmpty() ? Stream.empty()
                : d.cas().findBySubjectKeyId(cert.authorityKeyId()).stream();
        Stream<CertificateAuthority> recorded = d.cas().find(cert.issuerMetadata().id()).stream();
        return Stream.concat(byKeyId, recorded).map(CertificateAuthority::certificate)
                .filter(ca -> issued(CaCertificates.x509(ca), x509)).findFirst();
    }

    private static boolean issued(X509CertificateHolder ca, X509CertificateHolder cert) {
        return cert.getIssuer().equals(ca.getSubject()) && Certificates.isSignedBy(cert, ca.getSubjectPublicKeyInfo());
    }
}
