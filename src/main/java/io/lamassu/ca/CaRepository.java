package io.lamassu.ca;

import io.lamassu.common.Page;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Storage port for CAs; a CA's certificate lives in the certificate repository (same transaction). */
public interface CaRepository {
    /** @return false when the id already exists */
    boolean insert(CertificateAuthority ca, String parentId);

    Optional<CertificateAuthority> find(String id);

    Page<CertificateAuthority> list(ListQuery q);

    /** CAs whose certificate has this subject key id. */
    List<CertificateAuthority> findBySubjectKeyId(String ski);

    /** Ids of CAs whose parent is {@code id}. */
    List<String> childIds(String id);

    void updateMetadata(String id, Map<String, Object> metadata);

    void updateProfile(String id, String profileId);

    boolean delete(String id);

    boolean anyUsesProfile(String profileId);

    /** Every CA whose key the KMS may hold (all but IMPORTED_WITHOUT_KEY). */
    List<CertificateAuthority> withKeys();

    Map<String, Long> statusDistribution(List<Filter> filters);

    Map<String, Long> engineDistribution(List<Filter> filters);
}
