package io.lamassu.dms.est;

import io.lamassu.common.LamassuException;
import io.lamassu.dms.Dms;
import io.lamassu.dms.DmsSettings.EstSettings;
import io.lamassu.dms.EstCredentialService;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DMS's EST authentication modes (upstream-notes §7.3) plus HTTP Basic (RFC 7030 §3.2.3).
 * Missing credentials are 401 (the error mapper adds the WWW-Authenticate challenge, since many
 * clients send none until challenged); credentials that do not vouch for the client are 401 for
 * a password and 403 for a certificate or a webhook refusal.
 */
final class EstAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(EstAuthenticator.class);
    private final ClientCertificateValidator certificates;
    private final EstWebhook webhook;
    private final EstCredentialService passwords;

    EstAuthenticator(ClientCertificateValidator certificates, EstWebhook webhook, EstCredentialService passwords) {
        this.certificates = certificates;
        this.webhook = webhook;
        this.passwords = passwords;
    }

    /** {@code caIds} and {@code allowExpired}: the certificate policy of the operation (enroll or re-enroll). */
    void authenticate(Dms dms, EstSettings est, ClientCertificateValidator.Policy certPolicy, EstRequest r,
                      PKCS10CertificationRequest csr, String cn, Instant now) {
        switch (est.authMode()) {
            case "NO_AUTH" -> LOG.debug("EST DMS {} accepts unauthenticated requests (NO_AUTH)", dms.id());
            case "CLIENT_CERTIFICATE" -> certificate(r, certPolicy, now);
            case "EXTERNAL_WEBHOOK" -> webhook.authorize(est.externalWebhookSettings(), dms.id(), cn, csr, r);
            case "CLIENT_CERTIFICATE_AND_EXTERNAL_WEBHOOK" -> {
                certificate(r, certPolicy, now);
                webhook.authorize(est.externalWebhookSettings(), dms.id(), cn, csr, r);
            }
            case "HTTP_BASIC" -> basic(dms.id(), r.authorization());
            default -> throw LamassuException.forbidden("EST_AUTH_MODE_UNSUPPORTED", "DMS '" + dms.id()
                    + "' has auth mode '" + est.authMode() + "', which this server does not support");
        }
    }

    void certificate(EstRequest r, ClientCertificateValidator.Policy policy, Instant now) {
        List<X509Certificate> chain = r.clientChain();
        if (chain.isEmpty()) {
            throw LamassuException.unauthorized("EST_CLIENT_CERTIFICATE_REQUIRED",
                    "this DMS authenticates devices by TLS client certificate; none was presented");
        }
        certificates.validate(chain, policy, now);
    }

    private void basic(String dmsId, String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw LamassuException.unauthorized("EST_CREDENTIALS_REQUIRED",
                    "this DMS authenticates devices with HTTP Basic credentials; none were sent");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw LamassuException.unauthorized("EST_CREDENTIALS_INVALID", "the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !passwords.matches(dmsId, decoded.substring(0, colon), decoded.substring(colon + 1))) {
            throw LamassuException.unauthorized("EST_CREDENTIALS_INVALID", "wrong username or password");
        }
    }

    static List<String> union(List<String> first, List<String> second) {
        List<String> out = new ArrayList<>(first);
        out.addAll(second);
        return out;
    }
}
