package io.lamassu.dms.est;

import io.lamassu.ca.IssuanceProfile.CryptoEnforcement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.est.AttrOrOID;
import org.bouncycastle.asn1.est.CsrAttrs;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The CSR attributes a DMS asks for (RFC 7030 §4.5.2, with RFC 9908's conventions): the subject's
 * commonName (the device id); the accepted key types as attributes — id-ecPublicKey with the
 * allowed curves, rsaEncryption with the allowed modulus sizes — when the enrollment profile
 * enforces them, or as bare OIDs when any key is fine; and the signature algorithms we prefer.
 */
final class CsrAttributes {
    private CsrAttributes() {
    }

    static byte[] encode(CryptoEnforcement enforcement) {
        List<AttrOrOID> out = new ArrayList<>();
        out.add(new AttrOrOID(BCStyle.CN));
        boolean enforced = enforcement != null && enforcement.enabled();
        if (!enforced || enforcement.allowEcdsaKeys()) {
            List<ASN1Encodable> curves = new ArrayList<>();
            List<Integer> sizes = enforced ? enforcement.allowedEcdsaKeySizes() : List.of();
            for (int bits : sizes) {
                curves.add(curve(bits));
            }
            out.add(curves.isEmpty() ? new AttrOrOID(X9ObjectIdentifiers.id_ecPublicKey)
                    : new AttrOrOID(new Attribute(X9ObjectIdentifiers.id_ecPublicKey,
                            new DERSet(curves.toArray(new ASN1Encodable[0])))));
            out.add(new AttrOrOID(X9ObjectIdentifiers.ecdsa_with_SHA256));
        }
        if (!enforced || enforcement.allowRsaKeys()) {
            List<ASN1Encodable> sizes = new ArrayList<>();
            for (int bits : enforced ? enforcement.allowedRsaKeySizes() : List.<Integer>of()) {
                sizes.add(new ASN1Integer(bits));
            }
            out.add(sizes.isEmpty() ? new AttrOrOID(PKCSObjectIdentifiers.rsaEncryption)
                    : new AttrOrOID(new Attribute(PKCSObjectIdentifiers.rsaEncryption,
                            new DERSet(sizes.toArray(new ASN1Encodable[0])))));
            out.add(new AttrOrOID(PKCSObjectIdentifiers.sha256WithRSAEncryption));
        }
        try {
            return new CsrAttrs(out.toArray(new AttrOrOID[0])).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ASN1ObjectIdentifier curve(int bits) {
        return switch (bits) {
            case 384 -> SECObjectIdentifiers.secp384r1;
            case 521 -> SECObjectIdentifiers.secp521r1;
            default -> SECObjectIdentifiers.secp256r1;
        };
    }
}
