package io.lamassu.dms.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import io.lamassu.common.query.QueryParser;
import io.lamassu.devices.DeviceGroup;
import io.lamassu.devices.DeviceGroupService;
import io.lamassu.devices.storage.JdbcDeviceGroupRepository;
import io.lamassu.dms.Dms;
import io.lamassu.dms.DmsFields;
import io.lamassu.dms.DmsSettingsValidator;
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DMS and device-group storage scenarios, run on SQLite and on PostgreSQL. */
abstract class DmsRepositoryContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    Database db;
    JdbcDmsRepository repo;
    JdbcDeviceGroupRepository groups;

    abstract Database open();

    @BeforeEach
    void setUp() {
        db = open();
        Jdbc jdbc = new Jdbc(new Tx(db));
        repo = new JdbcDmsRepository(jdbc);
        groups = new JdbcDeviceGroupRepository(jdbc);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    static Dms dms(String id, String mode, int minutes) {
        var settings = new DmsSettingsValidator(ca -> true).normalise(io.lamassu.common.json.Json.read(
                "{\"enrollment_settings\":{\"registration_mode\":\"" + mode + "\"}}", io.lamassu.dms.DmsSettings.class), null);
        return new Dms(id, "name " + id, Map.of("site", id), T0.plusSeconds(60L * minutes), settings);
    }

    @Test
    void storesFindsUpdatesAndDeletes() {
        assertThat(repo.insert(dms("a", "JITP", 0))).isTrue();
        assertThat(repo.insert(dms("a", "JITP", 1))).isFalse();
        Dms back = repo.find("a", false).orElseThrow();
        assertThat(back).isEqualTo(dms("a", "JITP", 0));
        repo.update(new Dms("a", "renamed", Map.of(), back.creationTs(), back.settings()));
        assertThat(repo.find("a", true).orElseThrow().name()).isEqualTo("renamed");
        assertThat(repo.delete("a")).isTrue();
        assertThat(repo.delete("a")).isFalse();
        assertThat(repo.find("a", false)).isEmpty();
    }

    @Test
    void listsWithFiltersOverColumnsAndSettings() {
        for (int i = 0; i < 7; i++) {
            repo.insert(dms("dms-" + i, i % 2 == 0 ? "JITP" : "PRE_REGISTRATION", i));
        }
        var q = QueryParser.parse(Map.of("filter",
                List.of("settings[jsonpath]$.enrollment_settings.registration_mode == \"JITP\""), "page_size", List.of("2")),
                DmsFields.FIELDS);
        var page = repo.list(q);
        assertThat(page.list()).extracting(Dms::id).containsExactly("dms-0", "dms-2");
        var next = repo.list(QueryParser.parse(Map.of("bookmark", List.of(page.next())), DmsFields.FIELDS));
        assertThat(next.list()).extracting(Dms::id).containsExactly("dms-4", "dms-6");
        assertThat(repo.count(QueryParser.parseFilters(List.of("creation_date[af]2026-01-01T00:03:00Z"),
                DmsFields.FIELDS))).isEqualTo(3);
        assertThat(repo.count(List.of())).isEqualTo(7);
    }

    @Test
    void deviceGroupsHaveUniqueNamesAndCascadeToChildren() {
        groups.insert(new DeviceGroup("g1", "One", "", null, List.of(new DeviceGroup.Criterion("tags", "contains", "x")),
                List.of(), T0, T0));
        groups.insert(new DeviceGroup("g2", "Two", "", "g1", List.of(), List.of(), T0, T0.plusSeconds(1)));
        assertThatThrownBy(() -> groups.insert(new DeviceGroup("g3", "One", "", null, List.of(), List.of(), T0, T0)))
                .isInstanceOfSatisfying(LamassuException.class, e -> assertThat(e.code()).isEqualTo("DEVICE_GROUP_ALREADY_EXISTS"));
        assertThat(groups.find("g1").orElseThrow().criteria()).containsExactly(new DeviceGroup.Criterion("tags", "contains", "x"));
        assertThat(groups.list(QueryParser.parse(Map.of(), DeviceGroupService.FIELDS)).list()).extracting(DeviceGroup::id)
                .containsExactly("g1", "g2");
        assertThat(groups.delete("g1")).isTrue();
        assertThat(groups.find("g2")).isEmpty();
    }
}
