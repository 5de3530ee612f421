package io.lamassu.devices;

import static io.lamassu.devices.DeviceLifecycleTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.lamassu.common.json.JsonPatches.PatchOp;
import io.lamassu.common.json.MetadataUpdate;
import io.lamassu.common.query.QueryParser;
import io.lamassu.devices.DeviceGroup.Criterion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration rules, metadata updates, statistics and dynamic groups over the services. */
class DeviceInventoryTest {
    DevicesFixture f;

    @BeforeEach
    void setUp() {
        f = DevicesFixture.sqlite();
        f.createDms("dms-1", DeviceLifecycleTest.SETTINGS);
        f.createDms("dms-2", null);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void registrationStartsWithoutIdentityAndIsAnnounced() {
        Device d = f.register("device-001", "dms-1", List.of("sensor", "production"), Map.of("model", "TH-2000"));
        assertThat(d.status()).isEqualTo(DeviceStatus.NO_IDENTITY);
        assertThat(d.identitySlot()).isNull();
        assertThat(d.creationTimestamp()).isEqualTo(f.clock.instant());
        assertThat(d.events()).extracting(DeviceEvent::type).containsExactly("CREATED");
        assertThat(f.devices.get("device-001")).isEqualTo(d);
        assertThat(f.eventTypes()).endsWith("device.create");
    }

    @Test
    void badRegistrationsAreRefusedAndStoreNothing() {
        f.register("dup", "dms-1", List.of(), Map.of());
        assertCode(() -> f.register("dup", "dms-2", List.of(), Map.of()), "DEVICE_ALREADY_EXISTS", 409);
        assertCode(() -> f.register("x", "missing-dms", List.of(), Map.of()), "DMS_NOT_FOUND", 404);
        assertCode(() -> f.register("has space", "dms-1", List.of(), Map.of()), "INVALID_DEVICE_ID", 400);
        assertCode(() -> f.register("", "dms-1", List.of(), Map.of()), "INVALID_DEVICE_ID", 400);
        assertCode(() -> f.register("a".repeat(129), "dms-1", List.of(), Map.of()), "INVALID_DEVICE_ID", 400);
        assertCode(() -> f.register("y", " ", List.of(), Map.of()), "INVALID_DEVICE", 400);
        assertCode(() -> f.register("y", "dms-1", java.util.Arrays.asList("ok", null), Map.of()), "INVALID_TAGS", 400);
        assertThat(f.register("a".repeat(128), "dms-1", List.of(), Map.of()).id()).hasSize(128);
        assertThat(f.register("AA:BB:CC:00:11:22", "dms-1", List.of(), Map.of()).id()).isEqualTo("AA:BB:CC:00:11:22");
        assertThat(f.count("SELECT COUNT(*) FROM devices")).isEqualTo(3);
    }

    @Test
    void jsonPatchIsAtomicAndNamesTheFailingOperation() {
        f.register("d1", "dms-1", List.of(), Map.of("location", "factory-floor-3"));
        List<PatchOp> ops = List.of(new PatchOp("replace", "/location", null, "warehouse-2"),
                new PatchOp("add", "/firmware_version", null, "v2.1.0"));
        Device d = f.devices.updateMetadata("d1", new MetadataUpdate.Patch(ops));
        assertThat(d.metadata()).containsEntry("location", "warehouse-2").containsEntry("firmware_version", "v2.1.0");

        List<PatchOp> failing = List.of(new PatchOp("replace", "/location", null, "lost"),
                new PatchOp("remove", "/does-not-exist", null, null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.devices.updateMetadata("d1",
                new MetadataUpdate.Patch(failing))).hasMessageContaining("operation 1").hasMessageContaining("remove");
        assertCode(() -> f.devices.updateMetadata("d1", new MetadataUpdate.Patch(
                List.of(new PatchOp("jump", "/x", null, 1)))), "INVALID_PATCH", 400);
        assertThat(f.devices.get("d1").metadata()).containsEntry("location", "warehouse-2");
        assertThat(f.events("device.metadata.update")).hasSize(1);
    }

    @Test
    void plainObjectReplacesAndMergePatchMerges() {
        f.register("d1", "dms-1", List.of(), Map.of("a", 1, "b", Map.of("c", 2, "d", 3)));
        Device merged = f.devices.updateMetadata("d1", new MetadataUpdate.Merge(
                new java.util.HashMap<>(Map.of("b", new java.util.HashMap<>(java.util.Collections.singletonMap("c", null))))));
        assertThat(merged.metadata()).isEqualTo(Map.of("a", 1, "b", Map.of("d", 3)));
        Device replaced = f.devices.updateMetadata("d1", new MetadataUpdate.Replace(Map.of("z", true)));
        assertThat(replaced.metadata()).isEqualTo(Map.of("z", true));
        assertCode(() -> f.devices.updateMetadata("nope", new MetadataUpdate.Replace(Map.of())), "DEVICE_NOT_FOUND", 404);
    }

    @Test
    void statsAlwaysListEverySevenStatusesAndRefuseAStatusFilter() {
        f.register("d1", "dms-1", List.of("a"), Map.of());
        f.register("d2", "dms-1", List.of("b"), Map.of());
        f.register("d3", "dms-2", List.of("a"), Map.of());
        f.ca.issue("01", Duration.ofDays(1));
        f.identities.updateIdentitySlot("d1", "01");
        f.identities.decommission("d2");
        DeviceStats all = f.devices.stats(List.of());
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.statusDistribution()).hasSize(7).containsEntry(DeviceStatus.ACTIVE, 1L)
                .containsEntry(DeviceStatus.DECOMMISSIONED, 1L).containsEntry(DeviceStatus.NO_IDENTITY, 1L)
                .containsEntry(DeviceStatus.EXPIRED, 0L);
        DeviceStats tagged = f.devices.stats(QueryParser.parseFilters(List.of("tags[contains]a"), DeviceFields.FIELDS));
        assertThat(tagged.total()).isEqualTo(2);
        assertCode(() -> f.devices.stats(QueryParser.parseFilters(List.of("status[eq]ACTIVE"), DeviceFields.FIELDS)),
                "INVALID_STATS_FILTER", 400);
    }

    @Test
    void groupMembershipFollowsMetadataAndStatusChanges() {
        f.register("d1", "dms-1", List.of("production", "sensor"), Map.of("location", "factory-floor-3"));
        f.register("d2", "dms-1", List.of("production"), Map.of("location", "factory-floor-3"));
        DeviceGroup parent = f.groups.create(new GroupCommand(null, "Production Sensors", "",
                null, List.of(new Criterion("tags", "contains", "production"), new Criterion("tags", "ct", "sensor"))));
        DeviceGroup child = f.groups.create(new GroupCommand(null, "Floor 3 active", "", parent.id(), List.of(
                new Criterion("metadata", "jsonpath", "$.location == \"factory-floor-3\""),
                new Criterion("status", "eq", "ACTIVE"))));
        assertThat(child.inheritedCriteria()).extracting(Criterion::operand).containsExactly("contains", "contains");
        assertThat(members(parent.id())).containsExactly("d1");
        assertThat(members(child.id())).isEmpty();

        f.ca.issue("01", Duration.ofDays(1));
        f.identities.updateIdentitySlot("d1", "01");
        assertThat(members(child.id())).containsExactly("d1");
        assertThat(f.groups.stats(child.id()).statusDistribution()).containsEntry(DeviceStatus.ACTIVE, 1L);

        f.devices.updateMetadata("d1", new MetadataUpdate.Merge(Map.of("location", "warehouse-2")));
        assertThat(members(child.id())).isEmpty();
        f.devices.updateMetadata("d1", new MetadataUpdate.Merge(Map.of("location", "factory-floor-3")));
        f.ca.setStatus("01", "REVOKED", "KeyCompromise");
        assertThat(members(child.id())).isEmpty();
        assertThat(members(parent.id())).containsExactly("d1");
    }

    @Test
    void groupCriteriaParentsAndCyclesAreValidated() {
        DeviceGroup a = f.groups.create(new GroupCommand("a", "A", "", null, List.of()));
        DeviceGroup b = f.groups.create(new GroupCommand("b", "B", "", "a", List.of()));
        f.groups.create(new GroupCommand("c", "C", "", "b", List.of()));
        assertCode(() -> f.groups.update("a", new GroupCommand(null, null, null, "c", null)), "GROUP_CYCLE", 400);
        assertCode(() -> f.groups.update("a", new GroupCommand(null, null, null, "a", null)), "GROUP_CYCLE", 400);
        assertCode(() -> f.groups.create(new GroupCommand("d", "D", "", "zzz", List.of())), "PARENT_GROUP_NOT_FOUND", 404);
        assertCode(() -> f.groups.create(new GroupCommand("e", "A", "", null, List.of())), "DEVICE_GROUP_ALREADY_EXISTS", 409);
        assertCode(() -> f.groups.create(new GroupCommand("f", "F", "", null,
                List.of(new Criterion("colour", "eq", "red")))), "INVALID_FILTER_FIELD", 400);
        assertCode(() -> f.groups.create(new GroupCommand("g", "G", "", null,
                List.of(new Criterion("tags", "eq", "x")))), "INVALID_FILTER_OPERATOR", 400);
        assertCode(() -> f.groups.create(new GroupCommand("h", "H", "", null,
                List.of(new Criterion("status", "eq", "ALIVE")))), "INVALID_DEVICE_STATUS", 400);
        assertCode(() -> f.groups.create(new GroupCommand("i", "I", "", null,
                List.of(new Criterion("metadata", "jsonpath", "$..x")))), "INVALID_JSONPATH", 400);
        assertCode(() -> f.groups.create(new GroupCommand("j", "", "", null, List.of())), "INVALID_GROUP", 400);
        DeviceGroup renamed = f.groups.update("b", new GroupCommand(null, "B2", "", null, null));
        assertThat(renamed.name()).isEqualTo("B2");
        assertThat(renamed.parentId()).isEqualTo("a");
        assertThat(f.groups.update("b", new GroupCommand(null, null, null, "", null)).parentId()).isNull();
        f.groups.delete("a");
        assertCode(() -> f.groups.get("a"), "DEVICE_GROUP_NOT_FOUND", 404);
        assertThat(f.groups.get("b").name()).isEqualTo("B2");
        assertThat(f.groups.update("b", new GroupCommand(null, null, null, null,
                List.of(new Criterion("status", "in", "renewal_pending,ACTIVE")))).criteria())
                .containsExactly(new Criterion("status", "in", "RENEWAL_WINDOW,ACTIVE"));
        assertThat(b.id()).isEqualTo("b");
    }

    private List<String> members(String groupId) {
        return f.groups.devices(groupId, QueryParser.parse(Map.of(), DeviceFields.FIELDS)).list().stream()
                .map(Device::id).toList();
    }
}
