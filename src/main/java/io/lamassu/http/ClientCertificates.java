package io.lamassu.http;

import io.javalin.http.Context;
import io.lamassu.config.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The client certificate chain of a request (leaf first), for handlers such as EST that
 * authenticate devices by certificate. It comes from the TLS handshake on the HTTPS listener, or
 * from a proxy header — but a header is believed only when the TCP peer is one of
 * {@code server.trusted_proxies}; from anyone else it is ignored, since any client can send it.
 * The chain is not validated here: which CAs are acceptable depends on the route.
 */
public final class ClientCertificates {
    static final String ATTRIBUTE = "lamassu.clientCertificates";
    private static final String SERVLET_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    private final List<Cidr> trustedProxies;

    ClientCertificates(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
    }

    /** The chain resolved for this request; empty when the client presented none. */
    public static List<X509Certificate> of(Context ctx) {
        List<X509Certificate> chain = ctx.attribute(ATTRIBUTE);
        return chain == null ? List.of() : chain;
    }

    boolean fromTrustedProxy(Context ctx) {
        if (trustedProxies.isEmpty()) {
            return false;
        }
        String peer = ctx.req().getRemoteAddr();
        try {
            // The peer address is always a literal here, so this performs no DNS look-up.
            InetAddress address = InetAddress.getByName(peer.replace("[", "").replace("]", ""));
            return trustedProxies.stream().anyMatch(c -> c.contains(address));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    void resolve(Context ctx) {
        List<X509Certificate> chain = List.of();
        if (fromTrustedProxy(ctx)) {
            chain = fromHeaders(ctx);
        }
        if (chain.isEmpty() && ctx.req().getAttribute(SERVLET_ATTRIBUTE) instanceof X509Certificate[] tls) {
            chain = List.of(tls);
        }
        ctx.attribute(ATTRIBUTE, chain);
    }

    private static List<X509Certificate> fromHeaders(Context ctx) {
        String xfcc = ctx.header(ForwardedClientCert.XFCC);
        if (xfcc != null && !xfcc.isBlank()) {
            return ForwardedClientCert.fromXfcc(xfcc);
        }
        String plain = ctx.header(ForwardedClientCert.SSL_CLIENT_CERT);
        if (plain != null && !plain.isBlank()) {
            return ForwardedClientCert.fromSslClientCert(plain);
        }
        return List.of();
    }
}
