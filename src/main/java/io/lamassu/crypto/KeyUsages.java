package io.lamassu.crypto;

import io.lamassu.common.LamassuException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/** Upstream's key usage and extended key usage names (upstream-notes §6.1) ↔ RFC 5280 §4.2.1.3 / §4.2.1.12. */
public final class KeyUsages {
    private static final Map<String, Integer> KU = new LinkedHashMap<>();
    private static final Map<String, ASN1ObjectIdentifier> EKU = new LinkedHashMap<>();

    static {
        KU.put("DigitalSignature", KeyUsage.digitalSignature);
        KU.put("ContentCommitment", KeyUsage.nonRepudiation);
        KU.put("KeyEncipherment", KeyUsage.keyEncipherment);
        KU.put("DataEncipherment", KeyUsage.dataEncipherment);
        KU.put("KeyAgreement", KeyUsage.keyAgreement);
        KU.put("CertSign", KeyUsage.keyCertSign);
        KU.put("CRLSign", KeyUsage.cRLSign);
        KU.put("EncipherOnly", KeyUsage.encipherOnly);
        KU.put("DecipherOnly", KeyUsage.decipherOnly);
        EKU.put("Any", KeyPurposeId.anyExtendedKeyUsage.toOID());
        EKU.put("ServerAuth", KeyPurposeId.id_kp_serverAuth.toOID());
        EKU.put("ClientAuth", KeyPurposeId.id_kp_clientAuth.toOID());
        EKU.put("CodeSigning", KeyPurposeId.id_kp_codeSigning.toOID());
        EKU.put("EmailProtection", KeyPurposeId.id_kp_emailProtection.toOID());
        EKU.put("IPSECEndSystem", KeyPurposeId.id_kp_ipsecEndSystem.toOID());
        EKU.put("IPSECTunnel", KeyPurposeId.id_kp_ipsecTunnel.toOID());
        EKU.put("IPSECUser", KeyPurposeId.id_kp_ipsecUser.toOID());
        EKU.put("TimeStamping", KeyPurposeId.id_kp_timeStamping.toOID());
        EKU.put("OCSPSigning", KeyPurposeId.id_kp_OCSPSigning.toOID());
        EKU.put("MicrosoftServerGatedCrypto", new ASN1ObjectIdentifier("1.3.6.1.4.1.311.10.3.3"));
        EKU.put("NetscapeServerGatedCrypto", new ASN1ObjectIdentifier("2.16.840.1.113730.4.1"));
        EKU.put("MicrosoftCommercialCodeSigning", new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.1.22"));
        EKU.put("MicrosoftKernelCodeSigning", new ASN1ObjectIdentifier("1.3.6.1.4.1.311.61.1.1"));
    }

    private KeyUsages() {
    }

    /** Canonical names, validated (case-insensitive input); 400 INVALID_KEY_USAGE on an unknown name. */
    public static List<String> canonicalKeyUsages(List<String> names) {
        return canonical(names, KU.keySet(), "INVALID_KEY_USAGE", "key usage");
    }

    public static List<String> canonicalExtendedKeyUsages(List<String> names) {
        return canonical(names, EKU.keySet(), "INVALID_EXTENDED_KEY_USAGE", "extended key usage");
    }

    public static KeyUsage keyUsage(List<String> names) {
        int bits = 0;
        for (String n : canonicalKeyUsages(names)) {
            bits |= KU.get(n);
        }
        return new KeyUsage(bits);
    }

    public static ExtendedKeyUsage extendedKeyUsage(List<String> names) {
        List<KeyPurposeId> ids = new ArrayList<>();
        for (String n : canonicalExtendedKeyUsages(names)) {
            ids.add(KeyPurposeId.getInstance(EKU.get(n)));
        }
        return new ExtendedKeyUsage(ids.toArray(KeyPurposeId[]::new));
    }

    public static List<String> names(KeyUsage ku) {
        List<String> out = new ArrayList<>();
        if (ku != null) {
            KU.forEach((name, bit) -> {
                if (ku.hasUsages(bit)) {
                    out.add(name);
                }
            });
        }
        return out;
    }

    /** Names of known purposes; unknown OIDs appear in dotted form. */
    public static List<String> names(ExtendedKeyUsage eku) {
        List<String> out = new ArrayList<>();
        if (eku != null) {
            for (KeyPurposeId id : eku.getUsages()) {
                out.add(EKU.entrySet().stream().filter(e -> e.getValue().equals(id.toOID())).map(Map.Entry::getKey)
                        .findFirst().orElse(id.toOID().getId()));
            }
        }
        return out;
    }

    private static List<String> canonical(List<String> names, Iterable<String> known, String code, String what) {
        List<String> out = new ArrayList<>();
        for (String n : names == null ? List.<String>of() : names) {
            String match = null;
            for (String k : known) {
                if (k.toLowerCase(Locale.ROOT).equals(String.valueOf(n).toLowerCase(Locale.ROOT))) {
                    match = k;
                }
            }
            if (match == null) {
                throw LamassuException.badRequest(code, "unknown " + what + " '" + n + "'; known: "
                        + String.join(", ", known));
            }
            if (!out.contains(match)) {
                out.add(match);
            }
        }
        return out;
    }
}
