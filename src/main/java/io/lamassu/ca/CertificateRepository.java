package io.lamassu.ca;

import io.lamassu.common.Page;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Storage port for certificates (end-entity and CA certificates alike). Implementations keep an
 * indexed next-due time (valid_to while ACTIVE, none otherwise) so expiry work is proportional
 * to what expires.
 */
public interface CertificateRepository {
    /** @return false when the serial already exists */
    boolean insert(Certificate c);

    Optional<Certificate> find(String serial);

    Page<Certificate> list(ListQuery q);

    void updateStatus(Certificate updated);

    void updateMetadata(String serial, Map<String, Object> metadata);

    boolean delete(String serial);

    /** Serials of the certificates issued by {@code caId} (not its own) that are ACTIVE or on hold. */
    List<String> revocableIssuedBy(String caId, String caSerial);

    /**
     * Serials of the ACTIVE or on-hold certificates that {@code caId} issued while its certificate
     * was one of {@code issuerSerials} (issuer_meta_sn), CA certificates excluded.
     */
    List<String> revocableIssuedUnder(String caId, java.util.Collection<String> issuerSerials);

    /**
     * Like {@link #list}, without the certificates that are their issuer CA's own (current or
     * earlier): a root names itself as issuer. One subquery, however many reissues the CA had.
     */
    Page<Certificate> listIssued(ListQuery q);

    /** Up to {@code limit} ACTIVE certificates whose valid_to is at or before {@code now}, claimed for update. */
    List<Certificate> claimDue(Instant now, int limit);

    /** Counts per status of certificates matching {@code filters}. */
    Map<String, Long> statusDistribution(List<Filter> filters);

    long count();

    /** Status columns of one certificate, without parsing its body (the OCSP hot path). */
    Optional<CertificateState> findState(String serial);

    /**
     * Streams the REVOKED certificates issued by any of {@code issuerIds} (a CA's own certificate
     * excluded) to {@code sink}, without holding them all in memory (CRLs of a million entries).
     */
    void forEachRevoked(java.util.Collection<String> issuerIds, java.util.function.Consumer<CertificateState> sink);
}
