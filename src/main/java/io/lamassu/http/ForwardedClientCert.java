package io.lamassu.http;

import io.lamassu.common.LamassuException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client certificates forwarded by a TLS-terminating proxy. Two conventions are understood:
 * Envoy's {@code X-Forwarded-Client-Cert} ({@code By=…;Cert="<url-encoded PEM>";Chain="…"}) and the
 * nginx/HAProxy style {@code ssl-client-cert} (URL-encoded PEM, as nginx's
 * {@code $ssl_client_escaped_cert}). The caller decides whether the sender is trusted.
 */
final class ForwardedClientCert {
    static final String XFCC = "X-Forwarded-Client-Cert";
    static final String SSL_CLIENT_CERT = "ssl-client-cert";
    // "[ +]": some proxies form-encode the PEM, turning the marker's space into '+'.
    private static final Pattern PEM_CERT = Pattern.compile(
            "-----BEGIN[ +]CERTIFICATE-----(.*?)-----END[ +]CERTIFICATE-----", Pattern.DOTALL);

    private ForwardedClientCert() {
    }

    /**
     * From an XFCC value: the element appended by the proxy closest to us (the last one). Earlier
     * elements may have been written by the client itself when a proxy runs in append mode.
     */
    static List<X509Certificate> fromXfcc(String header) {
        List<String> elements = split(header, ',');
        String chain = null;
        String cert = null;
        for (String pair : split(elements.get(elements.size() - 1), ';')) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unquote(pair.substring(eq + 1).strip());
            if (key.equals("chain")) {
                chain = value;
            } else if (key.equals("cert")) {
                cert = value;
            }
        }
        String pem = chain != null ? chain : cert;
        if (pem == null) {
            return List.of();
        }
        return certificates(percentDecode(pem));
    }

    static List<X509Certificate> fromSslClientCert(String header) {
        return certificates(header.contains("%") ? percentDecode(header) : header);
    }

    /** Every PEM certificate in {@code text}; whitespace inside the base64 (tabs, spaces) is tolerated. */
    static List<X509Certificate> certificates(String text) {
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = PEM_CERT.matcher(text);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                byte[] der = Base64.getDecoder().decode(m.group(1).replaceAll("\\s", ""));
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw invalid("forwarded client certificate is not a valid PEM certificate");
        }
        if (out.isEmpty()) {
            throw invalid("forwarded client certificate header holds no PEM certificate");
        }
        return List.copyOf(out);
    }

    /** RFC 3986 percent-decoding; unlike form decoding, '+' stays '+' (it is a base64 character). */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    throw invalid("forwarded client certificate has a bad percent escape");
                }
            }
            out.write(c);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> split(String s, char sep) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == sep && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }

    private static LamassuException invalid(String message) {
        return LamassuException.badRequest("INVALID_CLIENT_CERTIFICATE_HEADER", message);
    }
}
