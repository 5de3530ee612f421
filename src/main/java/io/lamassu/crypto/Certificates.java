package io.lamassu.crypto;

import io.lamassu.common.LamassuException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.cert.CertException;

/** X.509 certificate parsing, encoding and inspection (RFC 5280). Malformed input is a 400. */
public final class Certificates {
    private static final HexFormat HEX = HexFormat.of();

    private Certificates() {
    }

    /** Parses base64(PEM), raw PEM or base64(DER); 400 {@code code} when it is not a certificate. */
    public static X509CertificateHolder parse(String value, String code) {
        byte[] der = Pem.derFromAnyEncoding(value, "CERTIFICATE", code);
        return fromDer(der, code);
    }

    public static X509CertificateHolder fromDer(byte[] der, String code) {
        try {
            return new X509CertificateHolder(der);
        } catch (IOException | RuntimeException e) {
            throw LamassuException.badRequest(code, "not a DER X.509 certificate");
        }
    }

    public static byte[] der(X509CertificateHolder cert) {
        try {
            return cert.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509CertificateHolder cert) {
        return Pem.encode("CERTIFICATE", der(cert));
    }

    /** Upstream's JSON form: base64 of the PEM text. */
    public static String base64Pem(X509CertificateHolder cert) {
        return Pem.base64OfPem("CERTIFICATE", der(cert));
    }

    public static String serial(X509CertificateHolder cert) {
        return SerialNumbers.format(cert.getSerialNumber());
    }

    public static String serial(BigInteger serial) {
        return SerialNumbers.format(serial);
    }

    /** The SKI extension in hex, or SHA-256 of the SPKI when the certificate has none. */
    public static String subjectKeyId(X509CertificateHolder cert) {
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(cert.getExtensions());
        return ski != null ? HEX.formatHex(ski.getKeyIdentifier()) : HEX.formatHex(keyIdBytes(cert.getSubjectPublicKeyInfo()));
    }

    /** SHA-256 over the DER SubjectPublicKeyInfo: upstream's key id and the SKI of issued certificates. */
    public static byte[] keyIdBytes(SubjectPublicKeyInfo spki) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(spki.getEncoded());
        } catch (java.security.NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String keyId(SubjectPublicKeyInfo spki) {
        return HEX.formatHex(keyIdBytes(spki));
    }

    public static String authorityKeyId(X509CertificateHolder cert) {
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(cert.getExtensions());
        return aki == null || aki.getKeyIdentifier() == null ? "" : HEX.formatHex(aki.getKeyIdentifier());
    }

    public static boolean isCa(X509CertificateHolder cert) {
        BasicConstraints bc = BasicConstraints.fromExtensions(cert.getExtensions());
        return bc != null && bc.isCA();
    }

    public static List<String> keyUsages(Extensions ext) {
        return KeyUsages.names(ext == null ? null : KeyUsage.fromExtensions(ext));
    }

    public static List<String> extendedKeyUsages(Extensions ext) {
        return KeyUsages.names(ext == null ? null : ExtendedKeyUsage.fromExtensions(ext));
    }

    public static boolean isSelfSigned(X509CertificateHolder cert) {
        return cert.getIssuer().equals(cert.getSubject()) && isSignedBy(cert, cert.getSubjectPublicKeyInfo());
    }

    /** Whether {@code cert}'s signature verifies under {@code issuerKey}. */
    public static boolean isSignedBy(X509CertificateHolder cert, SubjectPublicKeyInfo issuerKey) {
        try {
            ContentVerifierProvider v = new JcaContentVerifierProviderBuilder().setProvider(BouncyCastle.PROVIDER)
                    .build(issuerKey);
            return cert.isSignatureValid(v);
        } catch (OperatorCreationException | CertException | RuntimeException e) {
            return false;
        }
    }

    public static KeyInfo keyInfo(PublicKey key) {
        return keyInfo(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    /** Type and size of a public key; unknown algorithms are UNKNOWN with 0 bits. */
    public static KeyInfo keyInfo(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        try {
            if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                RSAPublicKey rsa = RSAPublicKey.getInstance(spki.parsePublicKey());
                return KeyInfo.of("RSA", rsa.getModulus().bitLength());
            }
            if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                return KeyInfo.of("ECDSA", curveBits(spki));
            }
            if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
                return KeyInfo.of("Ed25519", 256);
            }
            if (alg.equals(X9ObjectIdentifiers.id_dsa)) {
                return KeyInfo.of("DSA", 0);
            }
        } catch (IOException | RuntimeException e) {
            throw LamassuException.badRequest("INVALID_PUBLIC_KEY", "the public key is malformed");
        }
        return KeyInfo.of("UNKNOWN", 0);
    }

    /** OID of the named curve (P-256 is 1.2.840.10045.3.1.7), or "" for explicit parameters. */
    public static String curveOid(SubjectPublicKeyInfo spki) {
        Object params = spki.getAlgorithm().getParameters();
        return params instanceof ASN1ObjectIdentifier oid ? oid.getId() : "";
    }

    private static int curveBits(SubjectPublicKeyInfo spki) {
        Object params = spki.getAlgorithm().getParameters();
        if (params instanceof ASN1ObjectIdentifier oid) {
            X9ECParameters p = ECNamedCurveTable.getByOID(oid);
            return p == null ? 0 : p.getCurve().getFieldSize();
        }
        return 0;
    }
}
