package io.lamassu.ca;

import io.lamassu.common.LamassuException;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.QueryParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Upstream's CA statistics: counts of CAs and certificates by status (and CAs by engine). */
public final class CaStatsService {
    private static final List<String> COUNTED = List.of("ACTIVE", "EXPIRED", "REVOKED");
    private final CaDependencies d;

    public CaStatsService(CaDependencies d) {
        this.d = d;
    }

    /** {@code {"cas":{total, engine_distribution, status_distribution}, "certificates":{total, ca_distribution, status_distribution}}}. */
    public Map<String, Object> stats(List<String> caFilters, List<String> certFilters) {
        List<Filter> caF = parse(caFilters, true);
        List<Filter> certF = parse(certFilters, false);
        Map<String, Long> caStatus = counted(d.cas().statusDistribution(caF));
        Map<String, Long> certStatus = counted(d.certificates().statusDistribution(certF));
        Map<String, Object> cas = new LinkedHashMap<>();
        cas.put("total", total(caStatus));
        cas.put("engine_distribution", d.cas().engineDistribution(caF));
        cas.put("status_distribution", caStatus);
        Map<String, Object> certs = new LinkedHashMap<>();
        certs.put("total", total(certStatus));
        certs.put("ca_distribution", Map.of());
        certs.put("status_distribution", certStatus);
        return Map.of("cas", cas, "certificates", certs);
    }

    /** {@code {"ACTIVE":n,"EXPIRED":n,"REVOKED":n}} over the certificates the CA issued. */
    public Map<String, Long> statsForCa(String caId, List<String> certFilters) {
        CertificateAuthority ca = d.cas().find(caId).orElseThrow(() -> CaService.notFound(caId));
        List<Filter> fs = new ArrayList<>(parse(certFilters, false));
        fs.add(QueryParser.filter(CaFields.CERTIFICATE.get("issuer_meta.id"), "eq", caId));
        fs.add(QueryParser.filter(CaFields.CERTIFICATE.get("serial_number"), "ne", ca.serialNumber()));
        return counted(d.certificates().statusDistribution(fs));
    }

    /** Upstream rejects status filters here: the answer is itself a status distribution. */
    private static List<Filter> parse(List<String> raw, boolean ca) {
        List<Filter> fs = QueryParser.parseFilters(raw == null ? List.of() : raw, ca ? CaFields.CA : CaFields.CERTIFICATE);
        for (Filter f : fs) {
            if (f.field().name().equals("status")) {
                throw LamassuException.badRequest("INVALID_FILTER", "stats cannot be filtered by status");
            }
        }
        return fs;
    }

    private static Map<String, Long> counted(Map<String, Long> all) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String s : COUNTED) {
            out.put(s, all.getOrDefault(s, 0L));
        }
        return out;
    }

    private static long total(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }
}
