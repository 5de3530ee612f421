package io.lamassu.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import io.lamassu.crypto.DistinguishedName;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

public class ProfileRulesTest {
    static final Instant NOW = Instant.parse("2026-03-09T10:00:00Z");
    static final KeyPair P256 = TestKeys.generate("ECDSA", 256);
    static final DistinguishedName DEVICE = new DistinguishedName("device-001", "Acme Corp", "", "", "", "");

    static IssuanceProfile profile(boolean honorSubject, DistinguishedName subject, boolean honorKu,
                                   boolean honorExt, IssuanceProfile.CryptoEnforcement ce) {
        return new IssuanceProfile("p", "p", "", new IssuanceProfile.Validity("Duration", "1y", null), false,
                honorKu, List.of("DigitalSignature"), honorKu, List.of("ClientAuth"), honorSubject, subject, honorExt,
                ce).validated("p");
    }

    static PKCS10CertificationRequest csr(KeyPair kp) {
        return TestKeys.csr(kp, DEVICE, List.of("device-001.acme.example"));
    }

    @Test
    void honorSubjectKeepsTheCsrSubject() {
        var d = ProfileRules.decide(profile(true, DistinguishedName.ofCommonName("ignored"), false, false, null),
                csr(P256), NOW);
        assertThat(DistinguishedName.from(d.subject())).isEqualTo(DEVICE);
    }

    @Test
    void overriddenSubjectKeepsCsrCommonNameWhenProfileHasNone() {
        DistinguishedName forced = new DistinguishedName("", "Forced Org", "IoT", "ES", "", "");
        var d = ProfileRules.decide(profile(false, forced, false, false, null), csr(P256), NOW);
        assertThat(DistinguishedName.from(d.subject()))
                .isEqualTo(new DistinguishedName("device-001", "Forced Org", "IoT", "ES", "", ""));
    }

    @Test
    void overriddenSubjectUsesProfileCommonNameWhenSet() {
        var d = ProfileRules.decide(profile(false, DistinguishedName.ofCommonName("fixed"), false, false, null),
                csr(P256), NOW);
        assertThat(DistinguishedName.from(d.subject()).commonName()).isEqualTo("fixed");
        assertThat(DistinguishedName.from(d.subject()).organization()).isEmpty();
    }

    @Test
    void keyUsagesComeFromTheProfileUnlessHonored() {
        var fromProfile = ProfileRules.decide(profile(true, null, false, false, null), csr(P256), NOW);
        assertThat(fromProfile.keyUsage()).containsExactly("DigitalSignature");
        assertThat(fromProfile.extendedKeyUsage()).containsExactly("ClientAuth");
        var honored = ProfileRules.decide(profile(true, null, true, false, null), csr(P256), NOW);
        assertThat(honored.keyUsage()).containsExactly("KeyAgreement");
        assertThat(honored.extendedKeyUsage()).containsExactly("ServerAuth");
    }

    @Test
    void subjectAltNamesAreCopiedOnlyWithHonorExtensions() {
        assertThat(ProfileRules.decide(profile(true, null, false, false, null), csr(P256), NOW).subjectAltNames())
                .isNull();
        var d = ProfileRules.decide(profile(true, null, false, true, null), csr(P256), NOW);
        assertThat(d.subjectAltNames().getNames()).extracting(GeneralName::toString)
                .containsExactly("2: device-001.acme.example");
    }

    @Test
    void neverCaUnlessTheProfileSignsAsCa() {
        assertThat(ProfileRules.decide(profile(true, null, false, false, null), csr(P256), NOW).ca()).isFalse();
        IssuanceProfile ca = new IssuanceProfile("c", "c", "", new IssuanceProfile.Validity("Duration", "1y", null),
                true, false, List.of("CertSign"), false, List.of(), true, null, false, null).validated("c");
        assertThat(ProfileRules.decide(ca, csr(P256), NOW).ca()).isTrue();
    }

    @Test
    void validityFromDurationOrTime() {
        var d = ProfileRules.decide(profile(true, null, false, false, null), csr(P256), NOW);
        assertThat(d.notBefore()).isEqualTo(NOW);
        assertThat(d.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(364)));
        IssuanceProfile fixed = new IssuanceProfile("t", "t", "", new IssuanceProfile.Validity("Time", null,
                Instant.parse("2027-01-01T00:00:00Z")), false, false, List.of(), false, List.of(), true, null, false,
                null).validated("t");
        assertThat(ProfileRules.decide(fixed, csr(P256), NOW).notAfter()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThatThrownBy(() -> ProfileRules.decide(fixed, csr(P256), Instant.parse("2028-01-01T00:00:00Z")))
                .extracting(e -> ((LamassuException) e).code()).isEqualTo("PROFILE_VALIDITY_PASSED");
    }

    @Test
    void rejectsCsrWhoseKeyIsTooShort() {
        assertCode(() -> ProfileRules.decide(profile(true, null, false, false, null),
                csr(TestKeys.generate("RSA", 1024)), NOW), "KEY_TOO_SHORT");
    }

    @Test
    void rejectsUnsupportedCurve() {
        assertCode(() -> ProfileRules.decide(profile(true, null, false, false, null),
                csr(TestKeys.generate("secp256k1", 256)), NOW), "UNSUPPORTED_KEY");
    }

    @Test
    void cryptoEnforcementAppliesAllowLists() {
        var ce = new IssuanceProfile.CryptoEnforcement(true, true, List.of(3072), true, List.of(256));
        IssuanceProfile p = profile(true, null, false, false, ce);
        assertThat(ProfileRules.decide(p, csr(P256), NOW)).isNotNull();
        assertCode(() -> ProfileRules.decide(p, csr(TestKeys.generate("ECDSA", 384)), NOW), "KEY_NOT_ALLOWED");
        assertCode(() -> ProfileRules.decide(p, csr(TestKeys.generate("RSA", 2048)), NOW), "KEY_NOT_ALLOWED");
        assertCode(() -> ProfileRules.decide(p, csr(TestKeys.generate("Ed25519", 0)), NOW), "KEY_NOT_ALLOWED");
        var noRsa = new IssuanceProfile.CryptoEnforcement(true, false, List.of(), true, List.of());
        assertCode(() -> ProfileRules.decide(profile(true, null, false, false, noRsa),
                csr(TestKeys.generate("RSA", 2048)), NOW), "KEY_NOT_ALLOWED");
    }

    @Test
    void profileValidationRejectsUnknownUsagesAndBadValidity() {
        assertCode(() -> new IssuanceProfile("x", "", "", new IssuanceProfile.Validity("Duration", "1y", null),
                false, false, List.of("Teleport"), false, List.of(), true, null, false, null).validated("x"),
                "INVALID_KEY_USAGE");
        assertCode(() -> new IssuanceProfile("x", "", "", new IssuanceProfile.Validity("Forever", null, null),
                false, false, List.of(), false, List.of(), true, null, false, null).validated("x"),
                "INVALID_VALIDITY");
        assertCode(() -> new IssuanceProfile("x", "", "", new IssuanceProfile.Validity("Duration", "soon", null),
                false, false, List.of(), false, List.of(), true, null, false, null).validated("x"),
                "INVALID_DURATION");
    }

    public static void assertCode(Runnable r, String code) {
        assertThatThrownBy(r::run).isInstanceOf(LamassuException.class)
                .extracting(e -> ((LamassuException) e).code()).isEqualTo(code);
    }
}
