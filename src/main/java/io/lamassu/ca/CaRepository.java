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

    /**
     * CAs whose certificate has this subject key id; a CA whose key was replaced by a reissue is
     * found by its earlier key too, as a view holding its newest certificate for that key.
     */
    List<CertificateAuthority> findBySubjectKeyId(String ski);

    /**
     * In the caller's transaction: the CA now stands for {@code replacement} (already inserted), and
     * {@code previousSerial} joins its history. @return false when the CA no longer has that
     * certificate (a concurrent reissue or deletion won)
     */
    boolean replaceCertificate(String id, Certificate previous, String replacementSerial, java.time.Instant at);

    /**
     * In the caller's transaction: holds the CA's row until commit, so that reissues and status
     * changes of one CA serialise (callers lock a parent before its children).
     */
    void lock(String id);

    /** The CA whose current or earlier (replaced) certificate has this serial. */
    Optional<String> ownerOf(String serial);

    /** The CA's earlier certificates (replaced by reissues), newest first. */
    List<Certificate> previousCertificates(String id);

    /** Every CA's earlier certificates, newest first within a CA. */
    List<Previous> previousCertificates();

    /** An earlier certificate of CA {@code caId}. */
    record Previous(String caId, Certificate certificate) {
    }

    /** Ids of CAs whose parent is {@code id}. */
    List<String> childIds(String id);

    void updateMetadata(String id, Map<String, Object> metadata);

    void updateProfile(String id, String profileId);

    /** Deletes the CA and its history rows (not the certificates). */
    boolean delete(String id);

    boolean anyUsesProfile(String profileId);

    /** Every CA whose key the KMS may hold (all but IMPORTED_WITHOUT_KEY). */
    List<CertificateAuthority> withKeys();

    Map<String, Long> statusDistribution(List<Filter> filters);

    Map<String, Long> engineDistribution(List<Filter> filters);
}
