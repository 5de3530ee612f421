package io.lamassu.devices;

import java.util.List;

/**
 * Create or update input for a device group. On update, a null or empty name, description or
 * criteria keeps the stored value (as upstream); {@code parentId} null keeps the parent and ""
 * makes the group a root.
 */
public record GroupCommand(String id, String name, String description, String parentId,
                           List<DeviceGroup.Criterion> criteria) {
}
