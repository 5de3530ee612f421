package io.lamassu.ca;

import static io.lamassu.ca.CertificateStatus.ACTIVE;
import static io.lamassu.ca.CertificateStatus.EXPIRED;
import static io.lamassu.ca.CertificateStatus.REVOKED;
import static io.lamassu.ca.RevocationReason.CertificateHold;
import static io.lamassu.ca.RevocationReason.KeyCompromise;
import static io.lamassu.ca.RevocationReason.Unspecified;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusTransitionsTest {
    @Test
    void activeMayBeRevokedOrHeld() {
        assertThat(StatusTransitions.allowed(ACTIVE, Unspecified, REVOKED, KeyCompromise)).isTrue();
        assertThat(StatusTransitions.allowed(ACTIVE, Unspecified, REVOKED, CertificateHold)).isTrue();
        assertThat(StatusTransitions.allowed(ACTIVE, Unspecified, EXPIRED, Unspecified)).isTrue();
    }

    @Test
    void activeToActiveIsNotATransition() {
        assertThat(StatusTransitions.allowed(ACTIVE, Unspecified, ACTIVE, Unspecified)).isFalse();
    }

    @Test
    void expiredIsFinal() {
        for (CertificateStatus to : CertificateStatus.values()) {
            assertThat(StatusTransitions.allowed(EXPIRED, Unspecified, to, KeyCompromise)).isFalse();
        }
    }

    @Test
    void revokedIsFinalUnlessOnHold() {
        assertThat(StatusTransitions.allowed(REVOKED, KeyCompromise, ACTIVE, Unspecified)).isFalse();
        assertThat(StatusTransitions.allowed(REVOKED, KeyCompromise, REVOKED, CertificateHold)).isFalse();
        assertThat(StatusTransitions.allowed(REVOKED, CertificateHold, ACTIVE, Unspecified)).isTrue();
        assertThat(StatusTransitions.allowed(REVOKED, CertificateHold, REVOKED, KeyCompromise)).isTrue();
        assertThat(StatusTransitions.allowed(REVOKED, CertificateHold, REVOKED, CertificateHold)).isFalse();
    }

    @Test
    void requestedStatusAndReasonAreValidated() {
        ProfileRulesTest.assertCode(() -> StatusTransitions.parseRequested("EXPIRED"), "INVALID_STATUS");
        ProfileRulesTest.assertCode(() -> StatusTransitions.parseRequested("GONE"), "INVALID_STATUS");
        ProfileRulesTest.assertCode(() -> StatusTransitions.parseReason("WeakAlgorithmOrKey"),
                "INVALID_REVOCATION_REASON");
        ProfileRulesTest.assertCode(() -> StatusTransitions.parseReason("RemoveFromCRL"),
                "INVALID_REVOCATION_REASON");
        assertThat(StatusTransitions.parseReason("keycompromise")).isEqualTo(KeyCompromise);
        assertThat(StatusTransitions.parseRequested("revoked")).isEqualTo(REVOKED);
    }
}
