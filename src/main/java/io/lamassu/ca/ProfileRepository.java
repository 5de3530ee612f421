package io.lamassu.ca;

import io.lamassu.common.Page;
import io.lamassu.common.query.ListQuery;
import java.util.Optional;

/** Storage port for issuance profiles. {@code insert} throws DuplicateKeyException-like failures as 409 upstream. */
public interface ProfileRepository {
    /** @return false when the id already exists */
    boolean insert(IssuanceProfile p);

    void update(IssuanceProfile p);

    Optional<IssuanceProfile> find(String id);

    boolean delete(String id);

    Page<IssuanceProfile> list(ListQuery q);
}
