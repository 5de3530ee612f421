package io.lamassu.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

class OcspResponderCertificatesTest {
    @Test
    void responderSubjectIsTheCaSubjectWithOcspResponderAppendedToItsCommonName() {
        assertThat(OcspResponderCertificates.responderSubject(new X500Name("CN=Issuing CA 01,O=Acme Corp")))
                .isEqualTo(new X500Name("CN=Issuing CA 01 OCSP Responder,O=Acme Corp"));
    }

    @Test
    void aCaWithoutCommonNameGetsOneAndLongNamesStayWithinTheUpperBound() {
        assertThat(OcspResponderCertificates.responderSubject(new X500Name("O=Acme Corp,C=ES")))
                .isEqualTo(new X500Name("O=Acme Corp,C=ES,CN=OCSP Responder"));
        String cn = OcspResponderCertificates.responderSubject(new X500Name("CN=" + "x".repeat(60)))
                .getRDNs()[0].getFirst().getValue().toString();
        assertThat(cn).hasSize(64).endsWith("x OCSP Responder"); // RFC 5280 ub-common-name
    }
}
