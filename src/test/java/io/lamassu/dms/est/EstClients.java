package io.lamassu.dms.est;

import io.lamassu.ca.TestKeys;
import io.lamassu.crypto.BouncyCastle;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.testkit.TestApp;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.Store;

/** Bouncy Castle's EST client (bcpkix {@code ESTService}) against a test server, over real (mutual) TLS. */
final class EstClients {
    private EstClients() {
    }

    /** A device's key and certificate chain (leaf first). */
    record Identity(PrivateKey key, List<X509Certificate> chain) {
        X509Certificate leaf() {
            return chain.get(0);
        }
    }

    /** An EST client for {@code label}; presents {@code identity} in the handshake when not null. */
    static ESTService client(TestApp app, String label, Identity identity) {
        JsseESTServiceBuilder b = new JsseESTServiceBuilder("127.0.0.1:" + app.app().httpsPort(),
                trusting(app.bootstrapCa()));
        if (identity != null) {
            b.withKeyManagers(keyManagers(identity));
        }
        b.withTimeout(30_000);
        if (label != null) {
            b.withLabel(label);
        }
        return b.build();
    }

    static X509TrustManager trusting(X509Certificate ca) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyManager[] keyManagers(Identity id) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", id.key(), "x".toCharArray(), id.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "x".toCharArray());
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair p256() {
        return TestKeys.generate("ECDSA", 256);
    }

    static PKCS10CertificationRequest csr(KeyPair kp, String cn) {
        return TestKeys.csr(kp, DistinguishedName.ofCommonName(cn), List.of());
    }

    static X509Certificate only(Store<X509CertificateHolder> store) {
        var all = store.getMatches(null);
        if (all.size() != 1) {
            throw new AssertionError("expected one certificate, got " + all.size());
        }
        return x509(all.iterator().next());
    }

    static X509Certificate x509(X509CertificateHolder h) {
        try {
            return new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER).getCertificate(h);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
