package io.lamassu.http.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapTlsTest {
    @TempDir
    Path data;

    @Test
    void firstStartCreatesCaAndServerCertificateForLocalAndConfiguredNames() throws Exception {
        MutableClock clock = MutableClock.atNow();
        BootstrapTls.Material m = BootstrapTls.ensure(data, List.of("pki.example.com", "10.0.0.5"), clock);
        X509Certificate server = m.chain().get(0);
        server.verify(m.ca().getPublicKey());
        assertThat(m.ca().getBasicConstraints()).isEqualTo(0);
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(server.getSubjectAlternativeNames()).extracting(n -> String.valueOf(n.get(1)))
                .contains("localhost", "127.0.0.1", "pki.example.com", "10.0.0.5");
        assertThat(BootstrapTls.readCertificates(BootstrapTls.caCertificatePath(data))).containsExactly(m.ca());
        for (String key : List.of(BootstrapTls.CA_KEY, BootstrapTls.SERVER_KEY)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tls").resolve(key))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void laterStartsReuseTheCertificateUntilNamesChangeOrExpiryNears() throws Exception {
        MutableClock clock = MutableClock.atNow();
        X509Certificate first = BootstrapTls.ensure(data, List.of("a.example"), clock).chain().get(0);
        X509Certificate again = BootstrapTls.ensure(data, List.of("A.example"), clock).chain().get(0);
        assertThat(again).isEqualTo(first);

        X509Certificate renamed = BootstrapTls.ensure(data, List.of("b.example"), clock).chain().get(0);
        assertThat(renamed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());

        clock.advance(Duration.ofDays(380));
        BootstrapTls.Material renewed = BootstrapTls.ensure(data, List.of("b.example"), clock);
        assertThat(renewed.chain().get(0).getSerialNumber()).isNotEqualTo(renamed.getSerialNumber());
        assertThat(renewed.ca()).isEqualTo(BootstrapTls.ensure(data, List.of("b.example"), clock).ca());
    }

    @Test
    void aNewCaCausesANewServerCertificate() throws Exception {
        MutableClock clock = MutableClock.atNow();
        BootstrapTls.Material before = BootstrapTls.ensure(data, List.of(), clock);
        Files.delete(data.resolve("tls").resolve(BootstrapTls.CA_CERT));
        BootstrapTls.Material after = BootstrapTls.ensure(data, List.of(), clock);
        assertThat(after.ca()).isNotEqualTo(before.ca());
        after.chain().get(0).verify(after.ca().getPublicKey());
    }
}
