package io.lamassu.dms.est;

import io.lamassu.common.LamassuException;
import io.lamassu.crypto.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.CollectionStore;

/**
 * RFC 7030's wire formats: the base64 PKCS#10 request body (§4.2.1, line breaks and other
 * whitespace tolerated, as is a PEM block or raw DER from lenient clients), the "certs-only"
 * degenerate CMS SignedData of responses (§4.1.3, RFC 5751 §3.8), base64 wrapped at 76 characters
 * with CRLF (RFC 2045 §6.8), and PEM for clients that ask for {@code application/x-pem-file}.
 */
final class EstWire {
    static final String PKCS7 = "application/pkcs7-mime; smime-type=certs-only";
    static final String PKCS8 = "application/pkcs8";
    static final String CSRATTRS = "application/csrattrs";
    static final String PEM = "application/x-pem-file";
    static final String TRANSFER_ENCODING = "Content-Transfer-Encoding";

    private EstWire() {
    }

    /** The request body as a PKCS#10 request: 400 EST_INVALID_CSR when it is anything else. */
    static PKCS10CertificationRequest csr(byte[] body) {
        if (body.length == 0) {
            throw LamassuException.badRequest("EST_INVALID_CSR", "the request body is empty; send the CSR as"
                    + " base64 of its DER encoding (Content-Type: application/pkcs10)");
        }
        byte[] der;
        if ((body[0] & 0xff) == 0x30) {
            der = body; // raw DER: a SEQUENCE tag is not a base64 character
        } else {
            String text = new String(body, StandardCharsets.US_ASCII);
            if (!text.strip().startsWith("-----BEGIN") && !text.matches("[A-Za-z0-9+/=\\s]+")) {
                throw LamassuException.badRequest("EST_INVALID_CSR", "the request body is not base64");
            }
            der = Pem.derFromAnyEncoding(text, "CERTIFICATE REQUEST", "EST_INVALID_CSR");
        }
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(der);
            csr.getSubject();
            csr.getSubjectPublicKeyInfo();
            return csr;
        } catch (IOException | RuntimeException e) {
            throw LamassuException.badRequest("EST_INVALID_CSR", "the request body is not a PKCS#10"
                    + " certification request");
        }
    }

    /** DER of a degenerate SignedData holding {@code certs} (no signers, no content). */
    static byte[] certsOnly(List<X509Certificate> certs) {
        try {
            List<X509CertificateHolder> holders = new ArrayList<>();
            for (X509Certificate c : certs) {
                holders.add(new X509CertificateHolder(c.getEncoded()));
            }
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addCertificates(new CollectionStore<>(holders));
            return gen.generate(new CMSAbsentContent(), false).toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (CMSException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot build a certs-only CMS structure", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Base64, 76-character lines ending in CRLF (RFC 2045), with a final CRLF. */
    static String base64(byte[] der) {
        return Base64.getMimeEncoder().encodeToString(der) + "\r\n";
    }

    static String pem(List<X509Certificate> certs) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : certs) {
            try {
                out.append(Pem.encode("CERTIFICATE", c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    /** RFC 7030 §4.4.2: the private key part first, then the certificate, both base64. */
    static String serverKeygenBody(String boundary, byte[] pkcs8, byte[] certsOnly) {
        return "--" + boundary + "\r\n"
                + "Content-Type: " + PKCS8 + "\r\n"
                + TRANSFER_ENCODING + ": base64\r\n\r\n"
                + base64(pkcs8)
                + "--" + boundary + "\r\n"
                + "Content-Type: " + PKCS7 + "\r\n"
                + TRANSFER_ENCODING + ": base64\r\n\r\n"
                + base64(certsOnly)
                + "--" + boundary + "--\r\n";
    }
}
