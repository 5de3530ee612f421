package io.lamassu.va;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.operator.ContentSigner;

/**
 * Writes a CRL (RFC 5280 §5.1) as DER while entries stream in, so a million entries cost about
 * 50 bytes each once, instead of an object graph per entry as a generic builder keeps. The TBS
 * part is fed to the signer piece by piece and the result assembled in one array of exact size.
 */
final class CrlEncoder {
    private static final byte SEQUENCE = 0x30;
    /** DER of each entry's reasonCode extension (crlEntryExtensions), one per CRLReason code. */
    private static final byte[][] REASON_EXTENSIONS = new byte[11][];

    static {
        for (int code = 0; code <= 10; code++) {
            if (code == 7) {
                continue; // RFC 5280 §5.3.1: value 7 is not used.
            }
            try {
                REASON_EXTENSIONS[code] = new Extensions(new Extension(Extension.reasonCode, false,
                        CRLReason.lookup(code).getEncoded(ASN1Encoding.DER))).getEncoded(ASN1Encoding.DER);
            } catch (IOException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private final Entries entries = new Entries();
    private int count;

    /**
     * {@code reasonCode} -1 (or 0, unspecified) omits the extension, as RFC 5280 §5.3.1 asks for
     * unspecified.
     */
    void add(BigInteger serial, Instant revokedAt, int reasonCode) {
        byte[] sn = der(new ASN1Integer(serial));
        byte[] when = der(new Time(Date.from(revokedAt)));
        byte[] ext = reasonCode > 0 && reasonCode < REASON_EXTENSIONS.length ? REASON_EXTENSIONS[reasonCode] : null;
        int len = sn.length + when.length + (ext == null ? 0 : ext.length);
        writeHeader(entries, SEQUENCE, len);
        entries.writeBytes(sn);
        entries.writeBytes(when);
        if (ext != null) {
            entries.writeBytes(ext);
        }
        count++;
    }

    int size() {
        return count;
    }

    /** What goes around the entries: issuer, times and the CRL extensions (number, AKI, IDP, ...). */
    record Header(X500Name issuer, Instant thisUpdate, Instant nextUpdate, Extensions extensions) {
    }

    byte[] sign(Header h, ContentSigner signer) {
        byte[] head = concat(der(new ASN1Integer(1)), der(signer.getAlgorithmIdentifier()), der(h.issuer()),
                der(new Time(Date.from(h.thisUpdate()))), der(new Time(Date.from(h.nextUpdate()))));
        byte[] entriesHeader = count == 0 ? new byte[0] : header(SEQUENCE, entries.size());
        byte[] tail = der(new DERTaggedObject(true, 0, h.extensions()));
        int tbsLen = head.length + entriesHeader.length + entries.size() + tail.length;
        byte[] tbsHeader = header(SEQUENCE, tbsLen);
        byte[] signature = signature(signer, tbsHeader, head, entriesHeader, tail);
        byte[] alg = der(signer.getAlgorithmIdentifier());
        byte[] sig = der(new DERBitString(signature));
        int outerLen = tbsHeader.length + tbsLen + alg.length + sig.length;
        byte[] outerHeader = header(SEQUENCE, outerLen);
        ByteArrayOutputStream out = new ExactOutput(outerHeader.length + outerLen);
        out.writeBytes(outerHeader);
        out.writeBytes(tbsHeader);
        out.writeBytes(head);
        out.writeBytes(entriesHeader);
        out.write(entries.toByteArrayView(), 0, entries.size());
        out.writeBytes(tail);
        out.writeBytes(alg);
        out.writeBytes(sig);
        return out.toByteArray();
    }

    private byte[] signature(ContentSigner signer, byte[] tbsHeader, byte[] head, byte[] entriesHeader, byte[] tail) {
        try (OutputStream s = signer.getOutputStream()) {
            s.write(tbsHeader);
            s.write(head);
            s.write(entriesHeader);
            s.write(entries.toByteArrayView(), 0, entries.size());
            s.write(tail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return signer.getSignature();
    }

    /** Lets the entries be copied out without another full-size copy. */
    private static final class Entries extends ByteArrayOutputStream {
        Entries() {
            super(1 << 14);
        }

        byte[] toByteArrayView() {
            return buf;
        }
    }

    /** toByteArray on a buffer of exact capacity still copies once; this returns the buffer itself when full. */
    private static final class ExactOutput extends ByteArrayOutputStream {
        ExactOutput(int capacity) {
            super(capacity);
        }

        @Override
        public synchronized byte[] toByteArray() {
            return count == buf.length ? buf : super.toByteArray();
        }
    }

    static byte[] der(ASN1Encodable o) {
        try {
            return o.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] header(byte tag, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(6);
        writeHeader(out, tag, len);
        return out.toByteArray();
    }

    /** DER tag and definite length (X.690 §8.1.3). */
    static void writeHeader(ByteArrayOutputStream out, byte tag, int len) {
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
            return;
        }
        int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(len) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(len >>> (8 * i));
        }
    }
}
