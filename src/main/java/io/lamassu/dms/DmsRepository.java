package io.lamassu.dms;

import io.lamassu.common.Page;
import io.lamassu.common.query.Filter;
import io.lamassu.common.query.ListQuery;
import java.util.List;
import java.util.Optional;

/** DMS storage port; every method joins the caller's transaction. */
public interface DmsRepository {
    /** False when the id exists already. */
    boolean insert(Dms dms);

    Optional<Dms> find(String id, boolean lock);

    void update(Dms dms);

    boolean delete(String id);

    Page<Dms> list(ListQuery query);

    long count(List<Filter> filters);
}
