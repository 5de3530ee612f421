package io.lamassu.devices;

import java.time.Instant;
import java.util.List;

/**
 * A dynamic group (upstream RFC-004): membership is the conjunction of every ancestor's criteria
 * and its own, evaluated at query time, so devices join and leave as soon as they change.
 */
public record DeviceGroup(String id, String name, String description, String parentId, List<Criterion> criteria,
                          List<Criterion> inheritedCriteria, Instant createdAt, Instant updatedAt) {
    public DeviceGroup {
        criteria = List.copyOf(criteria);
        inheritedCriteria = inheritedCriteria == null ? List.of() : List.copyOf(inheritedCriteria);
    }

    /** One filter over a device field, with an operand name as in {@code filter=field[operand]value}. */
    public record Criterion(String field, String operand, String value) {
    }

    public DeviceGroup withInherited(List<Criterion> inherited) {
        return new DeviceGroup(id, name, description, parentId, criteria, inherited, createdAt, updatedAt);
    }
}
