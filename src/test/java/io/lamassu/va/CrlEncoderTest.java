package io.lamassu.va;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.Gen;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The hand-written DER of {@link CrlEncoder} against the JDK's CRL parser and Bouncy Castle's time encoding. */
class CrlEncoderTest {
    @Test
    void encodesTimesExactlyAsBouncyCastleDoesAcrossTheUtcTimeBoundary() {
        for (String t : new String[] {"1950-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2026-12-05T13:16:08Z",
                "2049-12-31T23:59:59Z", "2050-01-01T00:00:00Z", "9999-12-31T23:59:59Z"}) {
            Instant i = Instant.parse(t);
            assertThat(CrlEncoder.time(i)).as(t).isEqualTo(CrlEncoder.der(new Time(java.util.Date.from(i))));
        }
    }

    @Test
    void randomEntriesParseBackWithSerialsDatesAndReasons() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(256);
        KeyPair kp = kpg.generateKeyPair();
        Gen.forAll(5, gen -> {
            try {
                check(gen, kp);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void check(Gen gen, KeyPair kp) throws Exception {
        CrlEncoder enc = new CrlEncoder();
        Map<BigInteger, Integer> reasons = new HashMap<>();
        Map<BigInteger, Instant> times = new HashMap<>();
        int[] codes = {0, 1, 2, 3, 4, 5, 6, 8, 9, 10};
        int count = gen.between(0, 300);
        for (int i = 0; i < count; i++) {
            byte[] bytes = new byte[gen.between(1, 20)];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) gen.between(0, 255);
            }
            BigInteger serial = new BigInteger(1, bytes).add(BigInteger.ONE);
            if (reasons.containsKey(serial)) {
                continue;
            }
            int code = codes[gen.between(0, codes.length - 1)];
            Instant at = Instant.ofEpochSecond(gen.between(0, 2_000_000_000) * 2L);
            String hex = serial.toString(16);
            enc.addHex(hex.length() % 2 == 0 ? hex : "0" + hex, at, code);
            reasons.put(serial, code);
            times.put(serial, at);
        }
        Extensions ext = new Extensions(new Extension(Extension.cRLNumber, false,
                new org.bouncycastle.asn1.DEROctetString(CrlEncoder.der(new CRLNumber(BigInteger.TEN)))));
        byte[] der = enc.sign(new CrlEncoder.Header(new X500Name("CN=Test CA"), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-08T00:00:00Z"), ext), new JcaContentSignerBuilder("SHA256withECDSA")
                .build(kp.getPrivate()));
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        crl.verify(kp.getPublic());
        assertThat(crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size())
                .isEqualTo(reasons.size());
        for (Map.Entry<BigInteger, Integer> e : reasons.entrySet()) {
            var entry = crl.getRevokedCertificate(e.getKey());
            assertThat(entry).as(e.getKey().toString(16)).isNotNull();
            assertThat(entry.getRevocationDate().toInstant()).isEqualTo(times.get(e.getKey()));
            if (e.getValue() == 0) {
                assertThat(entry.getRevocationReason()).isNull();
            } else {
                assertThat(entry.getRevocationReason().ordinal()).isEqualTo(e.getValue());
            }
        }
    }
}
