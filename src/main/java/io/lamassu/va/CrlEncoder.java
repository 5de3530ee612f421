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
        add(der(new ASN1Integer(serial)), revokedAt, reasonCode);
    }

    /** {@code serialHex}: even-length lowercase hex of a positive serial, as the CA stores it. */
    void addHex(String serialHex, Instant revokedAt, int reasonCode) {
        byte[] magnitude = java.util.HexFormat.of().parseHex(serialHex);
        boolean pad = magnitude.length == 0 || (magnitude[0] & 0x80) != 0;
        int len = magnitude.length + (pad ? 1 : 0);
        byte[] sn = new byte[len + 2];
        sn[0] = 0x02;
        sn[1] = (byte) len;
        System.arraycopy(magnitude, 0, sn, pad ? 3 : 2, magnitude.length);
        add(len < 0x80 ? sn : der(new ASN1Integer(new BigInteger(1, magnitude))), revokedAt, reasonCode);
    }

    private void add(byte[] sn, Instant revokedAt, int reasonCode) {
        byte[] when = time(revokedAt);
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

    /**
     * RFC 5280 §5.1.2.6/§4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, in seconds, with
     * Z. Encoded here because formatting through Date and SimpleDateFormat dominated a large CRL.
     */
    static byte[] time(Instant t) {
        java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0,
                java.time.ZoneOffset.UTC);
        int year = d.getYear();
        if (year < 1950 || year > 9999) {
            return der(new Time(Date.from(t)));
        }
        boolean utc = year < 2050;
        byte[] out = new byte[utc ? 15 : 17];
        out[0] = utc ? (byte) 0x17 : (byte) 0x18;
        out[1] = (byte) (out.length - 2);
        int i = 2;
        if (!utc) {
            i = two(out, i, year / 100);
        }
        i = two(out, i, year % 100);
        i = two(out, i, d.getMonthValue());
        i = two(out, i, d.getDayOfMonth());
        i = two(out, i, d.getHour());
        i = two(out, i, d.getMinute());
        i = two(out, i, d.getSecond());
        out[i] = 'Z';
        return out;
    }

    private static int two(byte[] out, int i, int v) {
        out[i] = (byte) ('0' + v / 10);
        out[i + 1] = (byte) ('0' + v % 10);
        return i + 2;
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
