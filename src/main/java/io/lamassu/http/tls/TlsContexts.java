package io.lamassu.http.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS listener's TLS settings: our server chain, and a client certificate <em>requested</em>
 * but not required. Any client certificate is accepted at the TLS layer because which CA vouches
 * for a client depends on the route (EST enrollment against a DMS's validation CAs, RFC 7030
 * §3.3.2); the application validates the chain it finds through {@code ClientCertificates}.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SslContextFactory.Server server(BootstrapTls.Material material) {
        try {
            char[] password = Long.toHexString(new SecureRandom().nextLong()).toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", material.serverKey(), password,
                    material.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {new AcceptAnyClient()}, new SecureRandom());
            SslContextFactory.Server f = new SslContextFactory.Server();
            f.setSslContext(ctx);
            f.setWantClientAuth(true);
            f.setNeedClientAuth(false);
            f.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            return f;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts any client certificate during the handshake; advertises no acceptable issuers so
     * that clients offer whatever certificate they hold (RFC 8446 §4.3.2 allows an empty list).
     */
    private static final class AcceptAnyClient extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("server-side trust manager");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("server-side trust manager");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("server-side trust manager");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
