package io.lamassu.ca;

import io.lamassu.crypto.BouncyCastle;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.crypto.Pem;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Test keys and CSRs (the HTTP tests sign through the real KMS). */
public final class TestKeys {
    private TestKeys() {
    }

    public static KeyPair generate(String type, int bits) {
        try {
            return switch (type) {
                case "RSA" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", BouncyCastle.PROVIDER);
                    g.initialize(bits);
                    yield g.generateKeyPair();
                }
                case "ECDSA" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
                    g.initialize(new ECGenParameterSpec(bits == 256 ? "secp256r1" : bits == 384 ? "secp384r1"
                            : bits == 521 ? "secp521r1" : "secp256k1"));
                    yield g.generateKeyPair();
                }
                case "secp256k1" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
                    g.initialize(new ECGenParameterSpec("secp256k1"));
                    yield g.generateKeyPair();
                }
                default -> KeyPairGenerator.getInstance("Ed25519", BouncyCastle.PROVIDER).generateKeyPair();
            };
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ContentSigner signer(PrivateKey key) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> "Ed25519";
        };
        try {
            return new JcaContentSignerBuilder(alg).setProvider(BouncyCastle.PROVIDER).build(key);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PKCS10CertificationRequest csr(KeyPair kp, DistinguishedName subject, List<String> dnsNames) {
        try {
            JcaPKCS10CertificationRequestBuilder b = new JcaPKCS10CertificationRequestBuilder(subject.toX500Name(),
                    kp.getPublic());
            ExtensionsGenerator ext = new ExtensionsGenerator();
            if (!dnsNames.isEmpty()) {
                ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            }
            ext.addExtension(Extension.keyUsage, true, io.lamassu.crypto.KeyUsages.keyUsage(List.of("KeyAgreement")));
            ext.addExtension(Extension.extendedKeyUsage, false,
                    io.lamassu.crypto.KeyUsages.extendedKeyUsage(List.of("ServerAuth")));
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
            return b.build(signer(kp.getPrivate()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The seed's encoding: base64 of the DER. */
    public static String base64Der(PKCS10CertificationRequest csr) {
        try {
            return Base64.getEncoder().encodeToString(csr.getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(PKCS10CertificationRequest csr) {
        try {
            return Pem.encode("CERTIFICATE REQUEST", csr.getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
