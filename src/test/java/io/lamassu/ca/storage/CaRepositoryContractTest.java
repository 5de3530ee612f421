package io.lamassu.ca.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.ca.CaFields;
import io.lamassu.ca.Certificate;
import io.lamassu.ca.CertificateAuthority;
import io.lamassu.ca.CertificateExtensions;
import io.lamassu.ca.CertificateStatus;
import io.lamassu.ca.CertificateType;
import io.lamassu.ca.IssuanceProfile;
import io.lamassu.ca.IssuerMetadata;
import io.lamassu.ca.RevocationReason;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import io.lamassu.crypto.Certificates;
import io.lamassu.crypto.DistinguishedName;
import io.lamassu.crypto.Pem;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One scenario set for the CA storage ports, run on SQLite and on PostgreSQL. */
abstract class CaRepositoryContractTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    Database db;
    Jdbc jdbc;
    JdbcCertificateRepository certs;
    JdbcCaRepository cas;
    JdbcProfileRepository profiles;

    abstract Database open();

    @BeforeEach
    void setUp() {
        db = open();
        jdbc = new Jdbc(new Tx(db));
        certs = new JdbcCertificateRepository(jdbc);
        cas = new JdbcCaRepository(jdbc);
        profiles = new JdbcProfileRepository(jdbc, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    /** A real certificate (the DER is what is stored) whose columns are the given values. */
    static Certificate cert(String sn, String issuerId, boolean ca, Instant validTo) {
        byte[] der = der(sn, validTo);
        X509CertificateHolder h = Certificates.fromDer(der, "X");
        return new Certificate(sn, "ski-" + sn, Certificates.authorityKeyId(h), Map.of("k", "v"),
                CertificateStatus.ACTIVE, Pem.base64OfPem("CERTIFICATE", der),
                Certificates.keyInfo(h.getSubjectPublicKeyInfo()), DistinguishedName.from(h.getSubject()),
                DistinguishedName.from(h.getIssuer()), T0, validTo,
                new CertificateExtensions(List.of("DigitalSignature"), List.of("ClientAuth")),
                new IssuerMetadata("00", issuerId, 0), null, null, CertificateType.MANAGED, "e1", ca);
    }

    private static final KeyPair KEY = keyPair();

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(String sn, Instant validTo) {
        try {
            X500Name subject = new X500Name("CN=cn-" + sn);
            return new JcaX509v3CertificateBuilder(new X500Name("CN=issuer"), new BigInteger(1, sn.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    Date.from(T0), Date.from(validTo), subject, KEY.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(KEY.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ListQuery query(String... filters) {
        return QueryParser.parse(Map.of("filter", List.of(filters)), CaFields.CERTIFICATE);
    }

    @Test
    void certificatesRoundTripAndRejectDuplicates() {
        Certificate c = cert("0a", "ca-1", false, T0.plus(Duration.ofDays(1)));
        assertThat(certs.insert(c)).isTrue();
        assertThat(certs.insert(c)).isFalse();
        assertThat(certs.find("0a")).contains(c);
        assertThat(certs.find("0b")).isEmpty();
        certs.updateMetadata("0a", Map.of("x", List.of(1, 2)));
        assertThat(certs.find("0a").orElseThrow().metadata()).isEqualTo(Map.of("x", List.of(1, 2)));
        assertThat(certs.delete("0a")).isTrue();
        assertThat(certs.count()).isZero();
    }

    @Test
    void statusChangesAreStoredAndDriveTheNextDueTime() {
        Instant soon = T0.plus(Duration.ofHours(1));
        certs.insert(cert("01", "ca-1", false, soon));
        certs.insert(cert("02", "ca-1", false, soon.plusSeconds(10)));
        certs.insert(cert("03", "ca-1", false, T0.plus(Duration.ofDays(30))));
        Certificate held = certs.find("02").orElseThrow()
                .withStatus(CertificateStatus.REVOKED, RevocationReason.CertificateHold, T0);
        certs.updateStatus(held);
        assertThat(certs.find("02")).contains(held);

        List<Certificate> due = jdbc.tx().inTransaction(() -> certs.claimDue(soon.plusSeconds(60), 10));
        assertThat(due).extracting(Certificate::serialNumber).containsExactly("01");
        assertThat(jdbc.tx().inTransaction(() -> certs.claimDue(T0.plus(Duration.ofDays(31)), 1)))
                .extracting(Certificate::serialNumber).containsExactly("01");
        certs.updateStatus(certs.find("01").orElseThrow().withStatus(CertificateStatus.EXPIRED,
                RevocationReason.Unspecified, Certificate.ZERO_TIME));
        assertThat(jdbc.tx().inTransaction(() -> certs.claimDue(soon.plusSeconds(60), 10))).isEmpty();
        certs.updateStatus(held.withStatus(CertificateStatus.ACTIVE, RevocationReason.Unspecified,
                Certificate.ZERO_TIME));
        assertThat(jdbc.tx().inTransaction(() -> certs.claimDue(soon.plusSeconds(60), 10)))
                .extracting(Certificate::serialNumber).containsExactly("02");
    }

    @Test
    void revocableIssuedByIncludesActiveAndHeldButNotTheCaItself() {
        certs.insert(cert("c0", "ca-1", true, T0.plus(Duration.ofDays(9))));
        certs.insert(cert("a1", "ca-1", false, T0.plus(Duration.ofDays(9))));
        certs.insert(cert("a2", "ca-1", false, T0.plus(Duration.ofDays(9))));
        certs.insert(cert("a3", "ca-1", false, T0.plus(Duration.ofDays(9))));
        certs.insert(cert("b1", "ca-2", false, T0.plus(Duration.ofDays(9))));
        certs.updateStatus(certs.find("a2").orElseThrow().withStatus(CertificateStatus.REVOKED,
                RevocationReason.CertificateHold, T0));
        certs.updateStatus(certs.find("a3").orElseThrow().withStatus(CertificateStatus.REVOKED,
                RevocationReason.KeyCompromise, T0));
        assertThat(certs.revocableIssuedBy("ca-1", "c0")).containsExactlyInAnyOrder("a1", "a2");
    }

    @Test
    void listsFilterByCertificateFields() {
        certs.insert(cert("01", "ca-1", false, T0.plus(Duration.ofDays(1))));
        certs.insert(cert("02", "ca-1", true, T0.plus(Duration.ofDays(2))));
        certs.updateStatus(certs.find("01").orElseThrow().withStatus(CertificateStatus.REVOKED,
                RevocationReason.KeyCompromise, T0));
        assertThat(certs.list(query("is_ca[eq]true")).list()).extracting(Certificate::serialNumber)
                .containsExactly("02");
        assertThat(certs.list(query("revocation_reason[eq]1")).list()).extracting(Certificate::serialNumber)
                .containsExactly("01");
        assertThat(certs.list(query("status[eq]revoked")).list()).hasSize(1);
        assertThat(certs.list(query("extensions.extended_key_usage[ct]ClientAuth")).list()).hasSize(2);
        assertThat(certs.list(query("valid_to[af]2026-01-02T12:00:00Z")).list()).extracting(Certificate::serialNumber)
                .containsExactly("02");
        assertThat(certs.list(query("subject.common_name[eq]cn-01")).list()).hasSize(1);
        assertThat(certs.statusDistribution(List.of())).isEqualTo(Map.of("ACTIVE", 1L, "REVOKED", 1L));
    }

    @Test
    void casJoinTheirCertificateAndTrackParentsAndProfiles() {
        certs.insert(cert("r0", "root", true, T0.plus(Duration.ofDays(9))));
        certs.insert(cert("s0", "root", true, T0.plus(Duration.ofDays(9))));
        CertificateAuthority root = new CertificateAuthority("root", "r0", certs.find("r0").orElseThrow(),
                Map.of("site", "hq"), T0, 0, "p1");
        CertificateAuthority sub = new CertificateAuthority("sub", "s0", certs.find("s0").orElseThrow(), Map.of(),
                T0, 1, "p2");
        assertThat(cas.insert(root, null)).isTrue();
        assertThat(cas.insert(root, null)).isFalse();
        cas.insert(sub, "root");
        assertThat(cas.find("root")).contains(root);
        assertThat(cas.childIds("root")).containsExactly("sub");
        assertThat(cas.findBySubjectKeyId("ski-s0")).extracting(CertificateAuthority::id).containsExactly("sub");
        assertThat(cas.anyUsesProfile("p2")).isTrue();
        cas.updateProfile("sub", "p1");
        assertThat(cas.anyUsesProfile("p2")).isFalse();
        cas.updateMetadata("sub", Map.of("a", 1));
        assertThat(cas.find("sub").orElseThrow().metadata()).isEqualTo(Map.of("a", 1));
        ListQuery byLevel = QueryParser.parse(Map.of("filter", List.of("level[eq]1")), CaFields.CA);
        assertThat(cas.list(byLevel).list()).extracting(CertificateAuthority::id).containsExactly("sub");
        ListQuery byMeta = QueryParser.parse(Map.of("filter", List.of("metadata[jsonpath]$.site == \"hq\"")),
                CaFields.CA);
        assertThat(cas.list(byMeta).list()).extracting(CertificateAuthority::id).containsExactly("root");
        assertThat(cas.engineDistribution(List.of())).isEqualTo(Map.of("e1", 2L));
        assertThat(cas.delete("sub")).isTrue();
        assertThat(cas.find("sub")).isEmpty();
    }

    @Test
    void reissueMovesTheCaToItsNewCertificateOnlyFromTheOneItHadAndKeepsTheHistory() {
        for (String sn : List.of("a0", "a1", "a2")) {
            certs.insert(cert(sn, "ca", true, T0.plus(Duration.ofDays(9))));
        }
        Certificate a0 = certs.find("a0").orElseThrow();
        Certificate a1 = certs.find("a1").orElseThrow();
        cas.insert(new CertificateAuthority("ca", "a0", a0, Map.of(), T0, 0, "p1"), null);
        assertThat(cas.replaceCertificate("ca", a0, "a1", T0.plusSeconds(1))).isTrue();
        assertThat(cas.replaceCertificate("ca", a0, "a2", T0.plusSeconds(2))).as("the CA moved on meanwhile").isFalse();
        assertThat(cas.find("ca").orElseThrow().serialNumber()).isEqualTo("a1");
        assertThat(cas.previousCertificates("ca")).extracting(Certificate::serialNumber).containsExactly("a0");
        assertThat(cas.replaceCertificate("ca", a1, "a2", T0.plusSeconds(3))).isTrue();
        assertThat(cas.previousCertificates("ca")).extracting(Certificate::serialNumber).containsExactly("a1", "a0");
        assertThat(cas.previousCertificates()).extracting(p -> p.caId() + "/" + p.certificate().serialNumber())
                .containsExactly("ca/a1", "ca/a0");
        assertThat(cas.find("ca").orElseThrow().certificate().serialNumber()).isEqualTo("a2");
        // Found by an earlier key: the CA, holding the certificate of that key.
        List<CertificateAuthority> byOldKey = cas.findBySubjectKeyId("ski-a0");
        assertThat(byOldKey).extracting(CertificateAuthority::id).containsExactly("ca");
        assertThat(byOldKey.get(0).certificate()).isEqualTo(a0);
        assertThat(cas.findBySubjectKeyId("ski-a2")).extracting(c -> c.certificate().serialNumber())
                .containsExactly("a2");
        assertThat(cas.delete("ca")).isTrue();
        assertThat(cas.previousCertificates("ca")).isEmpty();
        assertThat(cas.findBySubjectKeyId("ski-a0")).isEmpty();
    }

    static Certificate under(String sn, String issuerId, String issuerSerial, boolean ca) {
        Certificate c = cert(sn, issuerId, ca, T0.plus(Duration.ofDays(9)));
        return new Certificate(c.serialNumber(), c.subjectKeyId(), c.authorityKeyId(), c.metadata(), c.status(),
                c.certificate(), c.keyMetadata(), c.subject(), c.issuer(), c.validFrom(), c.validTo(), c.extensions(),
                new IssuerMetadata(issuerSerial, issuerId, 0), null, null, c.type(), c.engineId(), c.isCa());
    }

    @Test
    void aReissuedCasOwnCertificatesAreFoundByOwnerAndLeftOutOfWhatItIssued() {
        certs.insert(under("r0", "root", "r0", true));
        certs.insert(under("r1", "root", "r1", true));
        certs.insert(under("s0", "root", "r0", true));
        certs.insert(under("e0", "root", "r0", false));
        certs.insert(under("e1", "root", "r1", false));
        certs.insert(under("e2", "root", "r0", false));
        certs.updateStatus(certs.find("e2").orElseThrow().withStatus(CertificateStatus.REVOKED,
                RevocationReason.KeyCompromise, T0));
        Certificate r0 = certs.find("r0").orElseThrow();
        cas.insert(new CertificateAuthority("root", "r0", r0, Map.of(), T0, 0, "p1"), null);
        cas.insert(new CertificateAuthority("sub", "s0", certs.find("s0").orElseThrow(), Map.of(), T0, 1, "p1"),
                "root");
        assertThat(cas.replaceCertificate("root", r0, "r1", T0.plusSeconds(1))).isTrue();
        assertThat(cas.ownerOf("r0")).contains("root");
        assertThat(cas.ownerOf("r1")).contains("root");
        assertThat(cas.ownerOf("s0")).contains("sub");
        assertThat(cas.ownerOf("e0")).isEmpty();
        cas.lock("root");
        assertThat(certs.listIssued(query("issuer_meta.id[eq]root")).list()).extracting(Certificate::serialNumber)
                .containsExactlyInAnyOrder("s0", "e0", "e1", "e2");
        assertThat(certs.revocableIssuedUnder("root", List.of("r0"))).containsExactly("e0");
        assertThat(certs.revocableIssuedUnder("root", List.of("r0", "r1"))).containsExactlyInAnyOrder("e0", "e1");
        assertThat(certs.revocableIssuedUnder("root", List.of())).isEmpty();
    }

    @Test
    void profilesRoundTrip() {
        IssuanceProfile p = new IssuanceProfile("device-profile", "n", "d",
                new IssuanceProfile.Validity("Duration", "1y", null), false, false, List.of("DigitalSignature"),
                false, List.of("ClientAuth"), true, null, true, null).validated("device-profile");
        assertThat(profiles.insert(p)).isTrue();
        assertThat(profiles.insert(p)).isFalse();
        assertThat(profiles.find("device-profile")).contains(p);
        profiles.update(new IssuanceProfile("device-profile", "renamed", "d", p.validity(), false, false, List.of(),
                false, List.of(), true, null, true, null));
        assertThat(profiles.find("device-profile").orElseThrow().name()).isEqualTo("renamed");
        assertThat(profiles.list(QueryParser.parse(Map.of(), CaFields.PROFILE)).list()).hasSize(1);
        assertThat(profiles.delete("device-profile")).isTrue();
        assertThat(profiles.find("device-profile")).isEmpty();
    }
}
