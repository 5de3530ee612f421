package io.lamassu.devices.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import io.lamassu.devices.Device;
import io.lamassu.devices.DeviceEvent;
import io.lamassu.devices.DeviceFields;
import io.lamassu.devices.DeviceRepository.EventScope;
import io.lamassu.devices.DeviceRepository.Transition;
import io.lamassu.devices.DeviceStatus;
import io.lamassu.devices.IdentitySlot;
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One scenario set for the device repository, run on SQLite and on PostgreSQL. */
abstract class DeviceRepositoryContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    Database db;
    Jdbc jdbc;
    JdbcDeviceRepository repo;

    abstract Database open();

    @BeforeEach
    void setUp() {
        db = open();
        jdbc = new Jdbc(new Tx(db));
        repo = new JdbcDeviceRepository(jdbc);
        for (String dms : List.of("dms-a", "dms-b")) {
            jdbc.update("INSERT INTO dms (id, name, creation_ts, metadata, settings) VALUES (?, ?, 0, "
                    + jdbc.dialect().jsonParam() + ", " + jdbc.dialect().jsonParam() + ")", dms, dms, "{}", "{}");
        }
        // 30 devices, one per day; every third in dms-b; tags and metadata vary.
        for (int i = 0; i < 30; i++) {
            Map<String, Object> meta = new HashMap<>();
            meta.put("location", i % 2 == 0 ? "factory-floor-3" : "warehouse-2");
            meta.put("rank", 30 - i);
            if (i % 5 != 0) {
                meta.put("region", Map.of("name", "r" + (i % 4)));
            }
            List<String> tags = i % 3 == 0 ? List.of("sensor", "Production") : List.of("gateway");
            DeviceStatus status = i < 10 ? DeviceStatus.NO_IDENTITY : i < 20 ? DeviceStatus.ACTIVE : DeviceStatus.EXPIRED;
            assertThat(repo.insert(new Device(String.format("dev-%02d", i), i % 3 == 0 ? "dms-b" : "dms-a", status,
                    T0.plusSeconds(86400L * i), tags, meta, null, List.of()))).isTrue();
        }
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    List<String> ids(String... params) {
        return all(params).stream().map(Device::id).toList();
    }

    /** Follows bookmarks to the end with small pages, so keyset continuation is exercised. */
    List<Device> all(String... params) {
        Map<String, List<String>> q = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            q.computeIfAbsent(params[i], k -> new ArrayList<>()).add(params[i + 1]);
        }
        q.put("page_size", List.of("4"));
        List<Device> out = new ArrayList<>();
        Page<Device> page = repo.list(QueryParser.parse(q, DeviceFields.FIELDS));
        out.addAll(page.list());
        while (!page.next().isEmpty()) {
            page = repo.list(QueryParser.parse(Map.of("bookmark", List.of(page.next())), DeviceFields.FIELDS));
            out.addAll(page.list());
        }
        return out;
    }

    @Test
    void insertFindAndDuplicate() {
        Device d = repo.find("dev-03", false).orElseThrow();
        assertThat(d.dmsOwner()).isEqualTo("dms-b");
        assertThat(d.tags()).containsExactly("sensor", "Production");
        assertThat(d.metadata()).containsEntry("location", "warehouse-2");
        assertThat(repo.insert(d)).isFalse();
        assertThat(repo.find("nope", false)).isEmpty();
    }

    @Test
    void listsInCreationOrderAcrossPages() {
        List<String> all = ids();
        assertThat(all).hasSize(30).first().isEqualTo("dev-00");
        assertThat(all).isSorted();
        List<String> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        assertThat(ids("sort_by", "creation_timestamp", "sort_mode", "desc")).containsExactlyElementsOf(reversed);
    }

    @Test
    void filtersByDmsStatusAliasTagsMetadataAndDates() {
        assertThat(ids("filter", "dms_owner[eq]dms-b")).hasSize(10).allMatch(id -> Integer.parseInt(id.substring(4)) % 3 == 0);
        assertThat(ids("filter", "status[eq]=ACTIVE")).hasSize(10);
        assertThat(ids("filter", "status[in]EXPIRED,NO_IDENTITY")).hasSize(20);
        assertThat(ids("filter", "status[eq]RENEWAL_PENDING")).isEmpty();
        assertThat(ids("filter", "tags[contains]sensor")).hasSize(10);
        assertThat(ids("filter", "tags[contains]production")).isEmpty();
        assertThat(ids("filter", "tags[contains_ignorecase]production")).hasSize(10);
        assertThat(ids("filter", "metadata[jsonpath]$.location == \"factory-floor-3\"")).hasSize(15);
        assertThat(ids("filter", "metadata[jsonpath]$.region.name == \"r1\" && $.rank > 20")).containsExactly("dev-01", "dev-09");
        assertThat(ids("filter", "creation_timestamp[bf]2026-01-03")).containsExactly("dev-00", "dev-01");
        assertThat(ids("filter", "creation_timestamp[af]2026-01-28T00:00:00Z")).containsExactly("dev-28", "dev-29");
        assertThat(ids("filter", "creation_timestamp[af]2026-01-05T00:00:00Z", "filter",
                "creation_timestamp[bf]2026-01-08T00:00:00Z")).containsExactly("dev-05", "dev-06");
        assertThat(ids("filter", "tags[contains]sensor", "filter", "status[eq]ACTIVE")).containsExactly("dev-12", "dev-15", "dev-18");
    }

    @Test
    void sortsByMetadataPathWithMissingValuesLastAscendingFirstDescendingAndStablePages() {
        List<Device> byRank = all("sort_by", "metadata[jsonpath]$.rank");
        assertThat(byRank).extracting(d -> ((Number) d.metadata().get("rank")).intValue()).isSorted().hasSize(30);
        // ADR 0005: a missing key sorts like NULL, after every value ascending and before them descending.
        List<Device> byRegion = all("sort_by", "metadata[jsonpath]$.region.name", "sort_mode", "desc");
        assertThat(byRegion).hasSize(30);
        assertThat(byRegion.subList(0, 6)).allMatch(d -> !d.metadata().containsKey("region"));
        assertThat(byRegion.get(6).metadata().get("region")).isEqualTo(Map.of("name", "r3"));
        List<Device> ascending = all("sort_by", "metadata[jsonpath]$.region.name");
        assertThat(ascending.subList(24, 30)).allMatch(d -> !d.metadata().containsKey("region"));
    }

    @Test
    void countsByStatusWithFilters() {
        Map<DeviceStatus, Long> all = repo.countByStatus(List.of());
        assertThat(all).containsEntry(DeviceStatus.NO_IDENTITY, 10L).containsEntry(DeviceStatus.ACTIVE, 10L)
                .containsEntry(DeviceStatus.EXPIRED, 10L);
        ListQuery q = QueryParser.parse(Map.of("filter", List.of("dms_owner[eq]dms-b")), DeviceFields.FIELDS);
        assertThat(repo.countByStatus(q.filters()).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);
        assertThat(repo.countByDms("dms-a")).isEqualTo(20);
    }

    @Test
    void claimsOnlyDueDevicesAndAppliesTransitionsInBulk() {
        Instant now = T0.plusSeconds(1000);
        assertThat(repo.hasDue(now)).isFalse();
        for (int i = 10; i < 13; i++) {
            Device d = repo.find(String.format("dev-%02d", i), true).orElseThrow();
            repo.update(d.withStatus(d.status(), slot("0" + i, now)), now.plusSeconds(i));
        }
        assertThat(repo.hasDue(now.plusSeconds(10))).isTrue();
        assertThat(repo.claimDue(now.plusSeconds(11), 10)).extracting(Device::id).containsExactly("dev-10", "dev-11");
        List<Transition> ts = new ArrayList<>();
        for (Device d : repo.claimDue(now.plusSeconds(20), 10)) {
            ts.add(new Transition(d.withStatus(DeviceStatus.RENEWAL_WINDOW, d.identitySlot().withStatus(
                    DeviceStatus.RENEWAL_WINDOW)), d.id().equals("dev-10") ? null : now.plusSeconds(100),
                    new DeviceEvent(now, "STATUS-UPDATED", "x")));
        }
        repo.applyTransitions(ts);
        Device d10 = repo.find("dev-10", false).orElseThrow();
        assertThat(d10.status()).isEqualTo(DeviceStatus.RENEWAL_WINDOW);
        assertThat(d10.identitySlot().status()).isEqualTo(DeviceStatus.RENEWAL_WINDOW);
        assertThat(d10.events()).extracting(DeviceEvent::type).containsExactly("STATUS-UPDATED");
        // Transitions write the state row only; the slot's status is derived, also for filters.
        assertThat(all("filter", "identity_slot[jsonpath]$.status == \"RENEWAL_WINDOW\"")).extracting(Device::id)
                .containsExactly("dev-10", "dev-11", "dev-12");
        assertThat(repo.claimDue(now.plusSeconds(99), 10)).isEmpty();
        assertThat(repo.claimDue(now.plusSeconds(100), 10)).extracting(Device::id).containsExactly("dev-11", "dev-12");
        assertThat(repo.findByCertificate("011", false)).map(Device::id).contains("dev-11");
        assertCountsMatchRows();
    }

    /** The trigger-maintained counts equal a GROUP BY over the rows, per DMS and status. */
    void assertCountsMatchRows() {
        List<String> counted = jdbc.query("SELECT dms_owner, status, SUM(n) FROM device_status_counts GROUP BY dms_owner,"
                + " status HAVING SUM(n) <> 0 ORDER BY 1, 2", rs -> rs.getString(1) + rs.getString(2) + rs.getLong(3));
        List<String> actual = jdbc.query("SELECT dms_owner, status, COUNT(*) FROM device_state GROUP BY dms_owner, status"
                + " ORDER BY 1, 2", rs -> rs.getString(1) + rs.getString(2) + rs.getLong(3));
        assertThat(counted).isEqualTo(actual).isNotEmpty();
        if (jdbc.dialect() == io.lamassu.storage.Dialect.POSTGRES) {
            List<String> tagCounts = jdbc.query("SELECT tag, status, SUM(n) FROM device_tag_counts GROUP BY tag, status"
                    + " HAVING SUM(n) <> 0 ORDER BY 1, 2", rs -> rs.getString(1) + rs.getString(2) + rs.getLong(3));
            List<String> tagActual = jdbc.query("SELECT t.tag, s.status, COUNT(*) FROM device_state s JOIN devices d"
                    + " ON d.id = s.id, jsonb_array_elements_text(d.tags) t(tag) GROUP BY 1, 2 ORDER BY 1, 2",
                    rs -> rs.getString(1) + rs.getString(2) + rs.getLong(3));
            assertThat(tagCounts).isEqualTo(tagActual).isNotEmpty();
        }
    }

    @Test
    void tagStatsFollowTagAndStatusChanges() {
        ListQuery sensor = QueryParser.parse(Map.of("filter", List.of("tags[contains]sensor")), DeviceFields.FIELDS);
        assertThat(repo.countByStatus(sensor.filters())).containsEntry(DeviceStatus.NO_IDENTITY, 4L)
                .containsEntry(DeviceStatus.ACTIVE, 3L).containsEntry(DeviceStatus.EXPIRED, 3L);
        Device d = repo.find("dev-03", true).orElseThrow();
        repo.update(new Device(d.id(), d.dmsOwner(), DeviceStatus.ACTIVE, d.creationTimestamp(), List.of("gateway"),
                d.metadata(), slot("33", T0), List.of()), null);
        Device e = repo.find("dev-04", true).orElseThrow();
        repo.update(new Device(e.id(), e.dmsOwner(), DeviceStatus.REVOKED, e.creationTimestamp(), List.of("sensor"),
                e.metadata(), slot("44", T0).withStatus(DeviceStatus.REVOKED), List.of()), null);
        repo.update(repo.find("dev-06", true).orElseThrow().withStatus(DeviceStatus.DECOMMISSIONED, null), null);
        assertThat(repo.delete("dev-06")).isTrue();
        assertThat(repo.countByStatus(sensor.filters())).containsEntry(DeviceStatus.NO_IDENTITY, 2L)
                .containsEntry(DeviceStatus.ACTIVE, 3L).containsEntry(DeviceStatus.EXPIRED, 3L)
                .containsEntry(DeviceStatus.REVOKED, 1L);
        assertThat(repo.countByStatus(sensor.filters()).getOrDefault(DeviceStatus.DECOMMISSIONED, 0L)).isZero();
        assertThat(all("filter", "identity_slot[jsonpath]$.status == \"REVOKED\"")).extracting(Device::id)
                .containsExactly("dev-04");
        assertCountsMatchRows();
    }

    @Test
    void aCertificateIdentifiesAtMostOneDevice() {
        Device a = repo.find("dev-01", true).orElseThrow();
        repo.update(a.withStatus(DeviceStatus.ACTIVE, slot("aa", T0)), null);
        Device b = repo.find("dev-02", true).orElseThrow();
        assertThatThrownBy(() -> repo.update(b.withStatus(DeviceStatus.ACTIVE, slot("aa", T0)), null))
                .isInstanceOf(LamassuException.class).hasMessageContaining("already bound");
    }

    @Test
    void eventsKeepTheirOrderAndScopeAndGoWithTheDevice() {
        repo.addEvent("dev-01", EventScope.DEVICE, new DeviceEvent(T0, "CREATED", ""));
        Device d = repo.find("dev-01", true).orElseThrow();
        repo.update(d.withStatus(DeviceStatus.ACTIVE, slot("bb", T0)), null);
        repo.addEvent("dev-01", EventScope.SLOT, new DeviceEvent(T0, "PROVISIONED", "v0"));
        repo.addEvent("dev-01", EventScope.DEVICE, new DeviceEvent(T0.plusSeconds(1), "STATUS-UPDATED", "y"));
        Device back = repo.find("dev-01", false).orElseThrow();
        assertThat(back.events()).extracting(DeviceEvent::type).containsExactly("CREATED", "STATUS-UPDATED");
        assertThat(back.identitySlot().events()).extracting(DeviceEvent::type).containsExactly("PROVISIONED");
        assertThat(all("filter", "identity_slot[jsonpath]$.serial_number == \"bb\"")).extracting(Device::id)
                .containsExactly("dev-01");
        assertThat(all("filter", "id[eq]dev-01").get(0).events()).hasSize(2);
        assertThat(repo.delete("dev-01")).isTrue();
        assertThat(jdbc.count("SELECT COUNT(*) FROM device_events WHERE device_id = 'dev-01'")).isZero();
        assertThat(repo.delete("dev-01")).isFalse();
        assertCountsMatchRows();
        assertThat(repo.countByStatus(List.of()).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(29);
    }

    static IdentitySlot slot(String serial, Instant at) {
        return new IdentitySlot(DeviceStatus.ACTIVE, 0, "x509", Map.of("0", serial), serial, at.plusSeconds(3600),
                at.plusSeconds(1800), at.plusSeconds(3000), List.of());
    }
}
