package io.lamassu.va;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.ca.CaApi;
import io.lamassu.config.LamassuConfig;
import io.lamassu.testkit.TestApp;
import io.lamassu.testkit.TestDatabases;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.Test;

/**
 * Two instances (two application objects) on one PostgreSQL database issue CRLs for the same CA
 * at the same moments: the database lets one store each number, so the sequence has no gaps and
 * no repeats, and every CRL holds every revocation committed before its run started.
 */
class PostgresVaCrlSequenceTest {
    @Test
    void twoInstancesProduceOneCrlSequenceWithoutGapsOrRepeats() throws Exception {
        LamassuConfig cfg = TestApp.config(TestDatabases.freshPostgres());
        try (TestApp a = TestApp.start(cfg); TestApp b = TestApp.start(cfg)) {
            CaApi api = new CaApi(a);
            api.createProfile("seq-device", "1y");
            api.createCa("seq-ca", null, "seq-device");
            String ski = api.ca("seq-ca").get("certificate").get("subject_key_id").asText();
            io.lamassu.testkit.Openssl ssl = io.lamassu.testkit.Openssl.inTempDir();
            List<String> serials = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                serials.add(api.signOk("seq-ca", ssl.deviceCsrBase64Der("d" + i, "/CN=seq-" + i), "seq-device")
                        .get("serial_number").asText());
            }
            CyclicBarrier together = new CyclicBarrier(2);
            for (int i = 0; i < serials.size(); i++) {
                TestApp revoker = i % 2 == 0 ? a : b;
                new CaApi(revoker).setStatus(new CaApi(revoker).admin, serials.get(i), "REVOKED", "KeyCompromise");
                CompletableFuture<Integer> fa = CompletableFuture.supplyAsync(() -> run(a, together));
                CompletableFuture<Integer> fb = CompletableFuture.supplyAsync(() -> run(b, together));
                fa.get();
                fb.get();
                X509CRL latest = parse(a.app().va().crls().latest(ski, false).der());
                for (String s : serials.subList(0, i + 1)) {
                    assertThat(latest.getRevokedCertificate(new BigInteger(s, 16))).as("round " + i).isNotNull();
                }
            }
            List<long[]> rows = a.app().jdbc().query("SELECT crl_number, delta FROM va_crls WHERE ca_ski = ?"
                    + " ORDER BY crl_number", rs -> new long[] {rs.getLong(1), rs.getLong(2)}, ski);
            assertThat(rows.size()).isGreaterThanOrEqualTo(serials.size() + 1);
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i)[0]).as("no gaps, no repeats").isEqualTo(i + 1L);
            }
            List<byte[]> ders = a.app().jdbc().query("SELECT der FROM va_crls WHERE ca_ski = ? ORDER BY crl_number",
                    rs -> rs.getBytes(1), ski);
            for (int i = 0; i < ders.size(); i++) {
                byte[] ext = parse(ders.get(i)).getExtensionValue("2.5.29.20");
                BigInteger n = ASN1Integer.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getValue();
                assertThat(n).isEqualTo(BigInteger.valueOf(i + 1L));
            }
        }
    }

    private static int run(TestApp app, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return app.app().va().runOnce();
    }

    private static X509CRL parse(byte[] der) {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (java.security.cert.CRLException | java.security.cert.CertificateException e) {
            throw new AssertionError(e);
        }
    }
}
