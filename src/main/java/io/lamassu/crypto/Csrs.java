package io.lamassu.crypto;

import io.lamassu.common.LamassuException;
import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * PKCS#10 certification requests (RFC 2986). Accepted encodings: base64 of DER (the seed's
 * {@code openssl req -outform DER | base64 -w 0}), base64 of PEM (upstream clients) and raw PEM.
 */
public final class Csrs {
    private Csrs() {
    }

    /** Parses and verifies the proof of possession (the CSR's self-signature). */
    public static PKCS10CertificationRequest parseAndVerify(String value) {
        PKCS10CertificationRequest csr = parse(value);
        verify(csr);
        return csr;
    }

    public static PKCS10CertificationRequest parse(String value) {
        if (value == null || value.isBlank()) {
            throw LamassuException.badRequest("INVALID_CSR", "csr is missing");
        }
        return fromDer(Pem.derFromAnyEncoding(value, "CERTIFICATE REQUEST", "INVALID_CSR"));
    }

    public static PKCS10CertificationRequest fromDer(byte[] der) {
        try {
            return new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw LamassuException.badRequest("INVALID_CSR", "csr is not a DER PKCS#10 certification request");
        }
    }

    /** RFC 2986 §3: the requester proves possession of the private key by signing the request. */
    public static void verify(PKCS10CertificationRequest csr) {
        boolean ok = switch (nativeVerify(csr)) {
            case VALID -> true;
            case INVALID -> false;
            case NOT_NATIVE -> bouncyCastleVerify(csr);
        };
        if (!ok) {
            throw LamassuException.badRequest("CSR_SIGNATURE_INVALID",
                    "the CSR's signature does not verify with its public key (no proof of possession)");
        }
    }

    /**
     * The JCA Signature of the native provider over the DER CertificationRequestInfo (ADR 0210):
     * a new key per CSR defeats Bouncy Castle's per-key tables, which made this a quarter of the CPU.
     */
    private static CryptoProviders.Verified nativeVerify(PKCS10CertificationRequest csr) {
        if (!CryptoProviders.nativeActive()) {
            return CryptoProviders.Verified.NOT_NATIVE;
        }
        byte[] tbs;
        try {
            tbs = csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException e) {
            return CryptoProviders.Verified.INVALID;
        }
        return CryptoProviders.verifyNatively(csr.getSignatureAlgorithm(), csr.getSubjectPublicKeyInfo(), tbs,
                csr.getSignature());
    }

    private static boolean bouncyCastleVerify(PKCS10CertificationRequest csr) {
        boolean ok;
        try {
            ContentVerifierProvider v = new JcaContentVerifierProviderBuilder().setProvider(BouncyCastle.PROVIDER)
                    .build(csr.getSubjectPublicKeyInfo());
            ok = csr.isSignatureValid(v);
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            ok = false;
        }
        return ok;
    }

    /** The extensions the requester asked for (PKCS#9 extensionRequest), or null. */
    public static Extensions requestedExtensions(PKCS10CertificationRequest csr) {
        for (Attribute a : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            if (a.getAttrValues().size() > 0) {
                try {
                    return Extensions.getInstance(a.getAttrValues().getObjectAt(0));
                } catch (RuntimeException e) {
                    throw LamassuException.badRequest("INVALID_CSR", "the CSR's extension request is malformed");
                }
            }
        }
        return null;
    }

    public static KeyInfo keyInfo(PKCS10CertificationRequest csr) {
        return Certificates.keyInfo(csr.getSubjectPublicKeyInfo());
    }
}
