package io.lamassu.http.tls;

import io.lamassu.config.Cidr;
import io.lamassu.crypto.BouncyCastle;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Building and checking the bootstrap CA and TLS server certificates (ECDSA P-256, SHA-256). */
final class ServerCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    // 397 days: the longest server certificate validity browsers accept (CA/Browser Forum).
    private static final Duration SERVER_VALIDITY = Duration.ofDays(397);
    // Back-dating tolerates clients whose clock is slightly behind ours.
    private static final Duration BACKDATE = Duration.ofHours(1);

    private ServerCertificates() {
    }

    /** localhost, 127.0.0.1 and ::1 always, then the configured names, without duplicates. */
    static List<String> requiredNames(List<String> configured) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        for (String h : configured) {
            names.add(h.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(names);
    }

    static KeyPair newP256Key() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    static X509Certificate selfSignedCa(KeyPair kp, Clock clock) throws GeneralSecurityException {
        // A random suffix keeps two installations' bootstrap CAs apart in a trust store.
        X500Name name = new X500Name("CN=Lamassu bootstrap CA " + UUID.randomUUID().toString().substring(0, 8)
                + ",O=Lamassu");
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(CA_VALIDITY)), name, kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return sign(b, kp.getPrivate());
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static BootstrapTls.Issued issue(BootstrapTls.Issued ca, List<String> sans, Clock clock)
            throws GeneralSecurityException {
        KeyPair kp = newP256Key();
        Instant now = clock.instant();
        Instant notAfter = now.plus(SERVER_VALIDITY);
        if (notAfter.isAfter(ca.cert().getNotAfter().toInstant())) {
            notAfter = ca.cert().getNotAfter().toInstant();
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.cert(), serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), new X500Name("CN=" + sans.get(0)), kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, generalNames(sans))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.cert()));
            X509Certificate cert = sign(b, ca.key());
            return new BootstrapTls.Issued(cert, BootstrapTls.readKeyFromEncoded(kp.getPrivate().getEncoded()));
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** Why the existing server certificate must be replaced, or null when it can be reused. */
    static String reissueReason(X509Certificate cert, PrivateKey key, X509Certificate ca, List<String> sans,
                                Instant now) {
        try {
            cert.verify(ca.getPublicKey(), BouncyCastle.PROVIDER);
        } catch (GeneralSecurityException e) {
            return "not issued by the current bootstrap CA";
        }
        if (cert.getNotAfter().toInstant().minus(BootstrapTls.RENEW_BEFORE).isBefore(now)) {
            return "expires " + cert.getNotAfter().toInstant();
        }
        if (!sanSet(cert).equals(normalise(sans))) {
            return "host names changed";
        }
        if (!BootstrapTls.matches(cert.getPublicKey(), key)) {
            return "key does not match certificate";
        }
        return null;
    }

    private static Set<String> sanSet(X509Certificate cert) {
        Set<String> out = new HashSet<>();
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names != null) {
                names.forEach(n -> out.add(canonical(String.valueOf(n.get(1)))));
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return Set.of();
        }
        return out;
    }

    private static Set<String> normalise(List<String> sans) {
        Set<String> out = new HashSet<>();
        sans.forEach(s -> out.add(canonical(s)));
        return out;
    }

    /** IP addresses compared by value, so "::1" and "0:0:0:0:0:0:0:1" are the same SAN. */
    private static String canonical(String name) {
        if (Cidr.isIpLiteral(name)) {
            return Arrays.toString(Cidr.parse(name).network());
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static GeneralNames generalNames(List<String> sans) {
        List<GeneralName> out = new ArrayList<>();
        for (String s : sans) {
            out.add(Cidr.isIpLiteral(s) ? new GeneralName(GeneralName.iPAddress, ipString(s))
                    : new GeneralName(GeneralName.dNSName, s));
        }
        return new GeneralNames(out.toArray(new GeneralName[0]));
    }

    private static String ipString(String literal) {
        try {
            return InetAddress.getByAddress(Cidr.parse(literal).network()).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BouncyCastle.PROVIDER).build(key);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** At least 64 bits of entropy (CA/Browser Forum), positive as RFC 5280 §4.1.2.2 requires. */
    private static BigInteger serial() {
        return new BigInteger(128, RANDOM).setBit(127);
    }
}
