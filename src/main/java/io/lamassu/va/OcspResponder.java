package io.lamassu.va;

import io.lamassu.ca.CaService;
import io.lamassu.ca.CertificateService;
import io.lamassu.ca.CertificateState;
import io.lamassu.crypto.SerialNumbers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCSP responder (RFC 6960, RFC 5019 profile). Requests without a nonce for one certificate are
 * answered from {@link OcspCache} after one indexed read of the certificate's status; everything
 * else is built and signed with the CA key, or with the CA's delegated responder key when its
 * role has one (RFC 6960 §4.2.2.2). Never throws: every failure is an OCSP error status.
 */
public final class OcspResponder {
    private static final Logger LOG = LoggerFactory.getLogger(OcspResponder.class);
    public static final int MAX_REQUEST_BYTES = 8 * 1024;
    static final int MAX_CERT_IDS = 32;
    /** RFC 8954 §2.1: a nonce is 1 to 32 octets; longer ones are refused. */
    static final int MAX_NONCE_OCTETS = 32;
    static final Duration DEFAULT_VALIDITY = Duration.ofHours(1);
    private static final OcspAnswer MALFORMED = error(OCSPRespBuilder.MALFORMED_REQUEST);
    private static final OcspAnswer UNAUTHORIZED = error(OCSPRespBuilder.UNAUTHORIZED);
    private static final OcspAnswer INTERNAL_ERROR = error(OCSPRespBuilder.INTERNAL_ERROR);
    private static final OcspAnswer TRY_LATER = error(OCSPRespBuilder.TRY_LATER);

    private final CaDirectory directory;
    private final CertificateService certificates;
    private final CaService cas;
    private final ResponderViews signers;
    private final Clock clock;
    private final OcspCache cache = new OcspCache();

    OcspResponder(CaDirectory directory, CertificateService certificates, CaService cas, ResponderViews signers,
                  Clock clock) {
        this.directory = directory;
        this.certificates = certificates;
        this.cas = cas;
        this.signers = signers;
        this.clock = clock;
    }

    public OcspAnswer answer(byte[] request) {
        if (request == null || request.length == 0 || request.length > MAX_REQUEST_BYTES) {
            return MALFORMED;
        }
        try {
            Instant now = clock.instant();
            OcspCache.Entry hit = cache.get(request);
            // A response signed under another signer generation (renewed or retired responder) is never served.
            if (hit != null && hit.servable(certificates.state(hit.serialHex()).orElse(null), now)
                    && signers.of(hit.caSki()).generation() == hit.signerGeneration()) {
                return hit.answer();
            }
            return build(request, now);
        } catch (RuntimeException e) {
            LOG.warn("OCSP request failed: {}", e.toString());
            return isStorageFailure(e) ? TRY_LATER : INTERNAL_ERROR;
        }
    }

    /** The database being unreachable is temporary: clients should retry (RFC 6960 §2.3 tryLater). */
    private static boolean isStorageFailure(RuntimeException e) {
        return e instanceof io.lamassu.common.LamassuException le && "STORAGE_ERROR".equals(le.code());
    }

    /** After a CA change on this instance (a reissue): answers are signed afresh. */
    void clearCache() {
        cache.clear();
    }

    int cacheSize() {
        return cache.size();
    }

    private OcspAnswer build(byte[] der, Instant now) {
        OCSPReq req = parse(der);
        if (req == null) {
            return MALFORMED;
        }
        Req[] list = req.getRequestList();
        Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (list.length == 0 || list.length > MAX_CERT_IDS || (nonce != null && !validNonce(nonce))) {
            return MALFORMED;
        }
        Optional<CaDirectory.Issuer> issuer = firstKnownIssuer(list);
        if (issuer.isEmpty()) {
            return UNAUTHORIZED;
        }
        Signed signed = sign(issuer.get(), list, nonce, now);
        if (nonce == null && list.length == 1) {
            Duration lifetime = Duration.between(signed.answer().thisUpdate(), signed.answer().nextUpdate());
            cache.put(der, new OcspCache.Entry(signed.serialHex(), signed.state(), signed.answer(),
                    signed.answer().thisUpdate().plus(lifetime.multipliedBy(3).dividedBy(4)), issuer.get().ski(),
                    signed.signerGeneration()));
        }
        return signed.answer();
    }

    private static OCSPReq parse(byte[] der) {
        try {
            OCSPReq req = new OCSPReq(der);
            req.getRequestList();
            return req;
        } catch (IOException | RuntimeException e) {
            return null; // Any parse failure of client bytes is a malformed request, never a 500.
        }
    }

    /** The nonce's extnValue is an OCTET STRING (RFC 8954 §2.1); some clients send the raw octets. */
    static boolean validNonce(Extension nonce) {
        byte[] value = nonce.getExtnValue().getOctets();
        int length = value.length;
        try {
            length = ASN1OctetString.getInstance(value).getOctets().length;
        } catch (RuntimeException notWrapped) {
            // Raw octets: their own length counts.
        }
        return length >= 1 && length <= MAX_NONCE_OCTETS;
    }

    private Optional<CaDirectory.Issuer> firstKnownIssuer(Req[] list) {
        for (Req r : list) {
            Optional<CaDirectory.Issuer> i = directory.match(r.getCertID());
            if (i.isPresent()) {
                return i;
            }
        }
        return Optional.empty();
    }

    private record Signed(OcspAnswer answer, String serialHex, CertificateState state, long signerGeneration) {
    }

    private Signed sign(CaDirectory.Issuer issuer, Req[] list, Extension nonce, Instant now) {
        ResponderViews.View view = signers.of(issuer.ski());
        Signer signer = signer(issuer, view, now);
        Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(view.validity());
        if (signer.notAfter() != null && signer.notAfter().isBefore(nextUpdate)) {
            nextUpdate = signer.notAfter();
        }
        BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(new RespID(new ResponderID(
                new DEROctetString(signer.keyHash()))));
        String firstSerial = null;
        CertificateState firstState = null;
        for (Req r : list) {
            CertificateID id = r.getCertID();
            String serial = SerialNumbers.format(id.getSerialNumber());
            CertificateState state = directory.issuedBy(id, issuer) && id.getSerialNumber().signum() > 0
                    ? certificates.state(serial).orElse(null) : null;
            b.addResponse(id, status(state, issuer), Date.from(thisUpdate), Date.from(nextUpdate), null);
            if (firstSerial == null) {
                firstSerial = serial;
                firstState = state;
            }
        }
        if (nonce != null) {
            b.setResponseExtensions(new Extensions(nonce));
        }
        try {
            BasicOCSPResp basic = b.build(signer.contentSigner(), signer.certs(), Date.from(thisUpdate));
            byte[] body = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
            return new Signed(new OcspAnswer(body, thisUpdate, nextUpdate, etag(body)), firstSerial, firstState,
                    view.generation());
        } catch (IOException | org.bouncycastle.cert.ocsp.OCSPException e) {
            throw new IllegalStateException("cannot build OCSP response", e);
        }
    }

    /**
     * Who signs: {@code keyHash} names it (ResponderID byKey), {@code certs} go in the response
     * (§4.2.1: a delegated responder's certificate, so clients can check it chains to the CA; none
     * for the CA itself), {@code notAfter} bounds nextUpdate (null: the CA key).
     */
    private record Signer(ContentSigner contentSigner, byte[] keyHash, X509CertificateHolder[] certs,
                          Instant notAfter) {
    }

    private Signer signer(CaDirectory.Issuer issuer, ResponderViews.View view, Instant now) {
        DelegatedResponder d = view.responder();
        // RFC 6960 §4.2.2.2: the responder certificate must be issued directly by this CA (any of the group's ids).
        if (d != null && issuer.ids().contains(d.caId()) && d.validAt(now)) {
            try {
                return new Signer(cas.ocspResponders().signer(d.keyId()), view.keyHash(),
                        new X509CertificateHolder[] {view.certificate()}, d.notAfter());
            } catch (io.lamassu.common.LamassuException e) {
                // Retired (its key deleted) on another instance since this view was read: the CA key answers.
                LOG.info("OCSP responder key {} unavailable ({}); signing with the CA key", d.keyId(), e.code());
                signers.invalidate(issuer.ski());
            }
        }
        return new Signer(cas.signer(issuer.ca()), issuer.sha1KeyHash(), null, null);
    }

    /**
     * RFC 6960 §2.2. A hold is revoked with reason certificateHold. EXPIRED (and the unused
     * INACTIVE) answer unknown, as upstream does: this responder no longer vouches for them.
     */
    private static CertificateStatus status(CertificateState s, CaDirectory.Issuer issuer) {
        if (s == null || !issuer.ids().contains(s.issuerId())) {
            return new UnknownStatus();
        }
        return switch (s.status()) {
            case ACTIVE -> CertificateStatus.GOOD;
            case REVOKED -> new RevokedStatus(Date.from(s.revokedAt() == null ? Instant.EPOCH : s.revokedAt()),
                    s.reason().code());
            default -> new UnknownStatus();
        };
    }

    private static String etag(byte[] body) {
        return "\"" + HexFormat.of().formatHex(CaDirectory.digest("SHA-256", body), 0, 16) + "\"";
    }

    private static OcspAnswer error(int status) {
        try {
            return new OcspAnswer(new OCSPRespBuilder().build(status, null).getEncoded(), null, null, null);
        } catch (IOException | org.bouncycastle.cert.ocsp.OCSPException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
