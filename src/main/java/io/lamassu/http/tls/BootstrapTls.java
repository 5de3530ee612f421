package io.lamassu.http.tls;

import io.lamassu.crypto.BouncyCastle;
import io.lamassu.crypto.Pem;
import io.lamassu.storage.files.SecretFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded TLS identity. At first start an internal bootstrap CA is created under
 * {@code <data-dir>/tls/}; its certificate ({@value #CA_CERT}) is what clients trust
 * ({@code curl --cacert data/tls/bootstrap-ca.pem}). The server certificate it issues is reused
 * on later starts and re-issued when the host names change, the CA changed, or it nears expiry.
 * Private keys are written owner-only (0600).
 */
public final class BootstrapTls {
    public static final String DIR = "tls";
    public static final String CA_CERT = "bootstrap-ca.pem";
    public static final String CA_KEY = "bootstrap-ca-key.pem";
    public static final String SERVER_CERT = "server.pem";
    public static final String SERVER_KEY = "server-key.pem";
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapTls.class);

    /** The server's key, its chain (server certificate first, then the bootstrap CA) and the CA. */
    public record Material(PrivateKey serverKey, List<X509Certificate> chain, X509Certificate ca) {
    }

    private BootstrapTls() {
    }

    public static Path caCertificatePath(Path dataDir) {
        return dataDir.resolve(DIR).resolve(CA_CERT);
    }

    public static Material ensure(Path dataDir, List<String> hostnames, Clock clock) {
        Path dir = dataDir.resolve(DIR);
        try {
            Files.createDirectories(dir);
            Issued ca = loadOrCreateCa(dir, clock);
            List<String> sans = ServerCertificates.requiredNames(hostnames);
            Issued server = loadServer(dir);
            String reason = server == null ? "none yet"
                    : ServerCertificates.reissueReason(server.cert(), server.key(), ca.cert(), sans, clock.instant());
            if (reason != null) {
                LOG.info("issuing TLS server certificate for {} ({})", sans, reason);
                server = ServerCertificates.issue(ca, sans, clock);
                SecretFiles.writeOwnerOnly(dir.resolve(SERVER_KEY), Pem.encode("PRIVATE KEY", server.key().getEncoded()));
                Files.writeString(dir.resolve(SERVER_CERT), Pem.encode("CERTIFICATE", server.cert().getEncoded())
                        + Pem.encode("CERTIFICATE", ca.cert().getEncoded()));
            }
            return new Material(server.key(), List.of(server.cert(), ca.cert()), ca.cert());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write TLS files in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS files in " + dir + " are unusable: " + e.getMessage(), e);
        }
    }

    /** A certificate with its private key. */
    record Issued(X509Certificate cert, PrivateKey key) {
    }

    private static Issued loadOrCreateCa(Path dir, Clock clock) throws IOException, GeneralSecurityException {
        Path certFile = dir.resolve(CA_CERT);
        Path keyFile = dir.resolve(CA_KEY);
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            return new Issued(readCertificates(certFile).get(0), readKey(keyFile));
        }
        KeyPair kp = ServerCertificates.newP256Key();
        X509Certificate cert = ServerCertificates.selfSignedCa(kp, clock);
        SecretFiles.writeOwnerOnly(keyFile, Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded()));
        Files.writeString(certFile, Pem.encode("CERTIFICATE", cert.getEncoded()));
        LOG.info("created bootstrap CA {}", certFile);
        return new Issued(cert, readKey(keyFile));
    }

    private static Issued loadServer(Path dir) throws IOException {
        Path certFile = dir.resolve(SERVER_CERT);
        Path keyFile = dir.resolve(SERVER_KEY);
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            return null;
        }
        try {
            return new Issued(readCertificates(certFile).get(0), readKey(keyFile));
        } catch (GeneralSecurityException | RuntimeException e) {
            // A damaged server certificate is replaceable: the CA re-issues it.
            LOG.warn("ignoring unreadable TLS server certificate {}: {}", certFile, e.getMessage());
            return null;
        }
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (PemObject o : Pem.decodeAll(Files.readString(file, StandardCharsets.US_ASCII), "INVALID_PEM")) {
            out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(o.getContent())));
        }
        return out;
    }

    /** Loaded through the JDK's provider so that JSSE signs handshakes with a key it knows natively. */
    static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        return readKeyFromEncoded(
                Pem.decodeAll(Files.readString(file, StandardCharsets.US_ASCII), "INVALID_PEM").get(0).getContent());
    }

    static PrivateKey readKeyFromEncoded(byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    /** True when {@code key} is the private half of {@code pub}: proven by a signature, not assumed. */
    static boolean matches(PublicKey pub, PrivateKey key) {
        try {
            byte[] probe = "lamassu-key-match".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("SHA256withECDSA", BouncyCastle.PROVIDER);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(pub);
            s.update(probe);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
