package io.lamassu.va;

import io.lamassu.common.Durations;
import io.lamassu.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The VA role in upstream's JSON shape (upstream-notes §2.3), plus this product's fields: the same
 * map answers {@code GET /roles/{ski}} and is the payload of the {@code va.role.*} events.
 */
public final class VaRoleJson {
    private VaRoleJson() {
    }

    public static Map<String, Object> of(VaRole r, Optional<DelegatedResponder> responder) {
        Map<String, Object> crl = new LinkedHashMap<>();
        crl.put("refresh_interval", Durations.format(r.crl().refreshInterval()));
        crl.put("validity", Durations.format(r.crl().validity()));
        crl.put("subject_key_id_signer", r.caSki());
        crl.put("regenerate_on_revoke", r.crl().regenerateOnRevoke());
        crl.put("delta_crl_enabled", r.crl().deltaEnabled());
        crl.put("delta_crl_validity", Durations.format(r.crl().deltaValidity()));
        Map<String, Object> delegated = new LinkedHashMap<>();
        delegated.put("enabled", r.ocsp().delegated());
        delegated.put("validity", Durations.format(r.ocsp().delegatedValidity()));
        delegated.put("certificate", responder.map(VaRoleJson::responder).orElse(null));
        Map<String, Object> ocsp = new LinkedHashMap<>();
        ocsp.put("validity", Durations.format(r.ocsp().validity()));
        ocsp.put("delegated_signer", delegated);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ca_ski", r.caSki());
        out.put("ca_id", r.caId());
        out.put("crl_options", crl);
        out.put("ocsp_options", ocsp);
        VaRole.Issued i = r.issued();
        out.put("latest_crl", latest(i.baseNumber(), i.baseThisUpdate(), i.baseNextUpdate()));
        out.put("latest_delta_crl", i.deltaNumber() == 0 ? null
                : latest(i.deltaNumber(), i.deltaThisUpdate(), i.deltaNextUpdate()));
        return out;
    }

    /** The responder certificate as certificates are elsewhere: base64 of PEM (design §2). */
    public static Map<String, Object> responder(DelegatedResponder d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serial_number", d.serialNumber());
        m.put("issuer_ca_id", d.caId());
        m.put("valid_from", d.notBefore().toString());
        m.put("valid_to", d.notAfter().toString());
        m.put("renew_after", d.renewAt().toString());
        m.put("certificate", Base64.getEncoder().encodeToString(
                Pem.encode("CERTIFICATE", d.der()).getBytes(StandardCharsets.US_ASCII)));
        return m;
    }

    /** Upstream prints {@code version} as a decimal string; before the first CRL it is "0". */
    private static Map<String, Object> latest(long number, Instant from, Instant until) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", Long.toString(number));
        m.put("valid_from", from == null ? null : from.toString());
        m.put("valid_until", until == null ? null : until.toString());
        return m;
    }
}
