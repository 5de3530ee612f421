package io.lamassu.devices;

import io.lamassu.common.Page;
import io.lamassu.common.query.ListQuery;
import java.util.Optional;

/** Device group storage port; an id or name clash is reported as a 409 by the adapter. */
public interface DeviceGroupRepository {
    void insert(DeviceGroup group);

    Optional<DeviceGroup> find(String id);

    void update(DeviceGroup group);

    /** Children are removed with their parent. */
    boolean delete(String id);

    Page<DeviceGroup> list(ListQuery query);
}
