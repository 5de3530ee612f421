package io.lamassu.kms.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.query.ListQuery;
import io.lamassu.common.query.QueryParser;
import io.lamassu.kms.Key;
import io.lamassu.kms.KeyBinding;
import io.lamassu.kms.KeyFields;
import io.lamassu.kms.KeyRepository;
import io.lamassu.kms.KmsStats;
import io.lamassu.kms.StoredKey;
import io.lamassu.storage.Database;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link KeyRepository} contract; one subclass per database. */
abstract class KeyRepositoryContract {
    Database db;
    KeyRepository repo;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    abstract Database database();

    @BeforeEach
    void open() {
        db = database();
        repo = new JdbcKeyRepository(new Jdbc(new Tx(db)));
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    static Key key(int n, String algorithm, int size, List<String> tags, Map<String, Object> metadata) {
        String id = HexFormat.of().formatHex(new byte[] {(byte) n}).repeat(32);
        return new Key(Key.uri("filesystem-1", id), id, "key-" + n, List.of(), "filesystem-1", true, algorithm, size,
                "cHVi", T0.plusSeconds(n), tags, metadata);
    }

    static ListQuery query(String... filters) {
        return QueryParser.parse(Map.of("filter", List.of(filters)), KeyFields.FIELDS);
    }

    @Test
    void insertsFindsAndRefusesDuplicateIds() {
        Key k = key(1, "ECDSA", 256, List.of("a"), Map.of("env", "prod"));
        assertThat(repo.insert(new StoredKey(k, new byte[] {1, 2, 3}))).isTrue();
        assertThat(repo.insert(new StoredKey(k, new byte[] {9}))).isFalse();
        StoredKey found = repo.find(k.keyId()).orElseThrow();
        assertThat(found.key()).isEqualTo(k);
        assertThat(found.sealedPrivateKey()).containsExactly(1, 2, 3);
        assertThat(repo.find("00".repeat(32))).isEmpty();
    }

    @Test
    void bindingsAreIdempotentListedForDeleteAndKeepTheKeyRow() {
        Key k = key(7, "ECDSA", 256, List.of(), Map.of());
        repo.insert(new StoredKey(k, new byte[] {1}));
        assertThat(repo.bind("00".repeat(32), KeyBinding.ca("ghost"))).isFalse();
        assertThat(repo.bind(k.keyId(), KeyBinding.ca("root-b"))).isTrue();
        assertThat(repo.bind(k.keyId(), KeyBinding.ca("root-a"))).isTrue();
        assertThat(repo.bind(k.keyId(), KeyBinding.ca("root-a"))).isTrue();
        assertThat(repo.lockBindingsForDelete(k.keyId())).containsExactly(KeyBinding.ca("root-a"),
                KeyBinding.ca("root-b"));
        // The foreign key backs the service's check up: a bound key's row cannot be deleted.
        assertThatThrownBy(() -> repo.delete(k.keyId())).isInstanceOf(LamassuException.class);
        assertThat(repo.find(k.keyId())).isPresent();
        repo.unbind(k.keyId(), KeyBinding.ca("root-a"));
        repo.unbind(k.keyId(), KeyBinding.ca("root-b"));
        assertThat(repo.lockBindingsForDelete(k.keyId())).isEmpty();
        assertThat(repo.delete(k.keyId())).isTrue();
        assertThat(repo.lockBindingsForDelete(k.keyId())).isEmpty();
    }

    @Test
    void aliasesAreGloballyUnique() {
        Key a = key(1, "RSA", 2048, List.of(), Map.of());
        Key b = key(2, "RSA", 2048, List.of(), Map.of());
        repo.insert(new StoredKey(a, new byte[] {1}));
        repo.insert(new StoredKey(b, new byte[] {1}));
        repo.update(a.withAliases(List.of("x", "y")));
        assertThat(repo.keyIdForAlias("y")).contains(a.keyId());
        assertThatThrownBy(() -> repo.update(b.withAliases(List.of("y"))))
                .isInstanceOfSatisfying(LamassuException.class, e -> assertThat(e.code()).isEqualTo("KEY_ALIAS_EXISTS"));
        assertThat(repo.find(b.keyId()).orElseThrow().key().aliases()).isEmpty();
        repo.update(a.withAliases(List.of("x")));
        repo.update(b.withAliases(List.of("y")));
        assertThat(repo.keyIdForAlias("y")).contains(b.keyId());
        assertThat(repo.delete(b.keyId())).isTrue();
        assertThat(repo.keyIdForAlias("y")).isEmpty();
        assertThat(repo.delete(b.keyId())).isFalse();
    }

    @Test
    void updatesMutableFields() {
        Key k = key(3, "Ed25519", 256, List.of(), Map.of());
        repo.insert(new StoredKey(k, new byte[] {1}));
        Key changed = k.withName("renamed").withTags(List.of("t1", "t2")).withMetadata(Map.of("a", Map.of("b", 1)));
        repo.update(changed);
        assertThat(repo.find(k.keyId()).orElseThrow().key()).isEqualTo(changed);
    }

    @Test
    void filtersByEveryFieldType() {
        repo.insert(new StoredKey(key(1, "RSA", 2048, List.of("prod"), Map.of("site", "a")), new byte[] {1}));
        repo.insert(new StoredKey(key(2, "RSA", 4096, List.of("dev"), Map.of("site", "b")), new byte[] {1}));
        Key k3 = key(3, "ECDSA", 256, List.of("prod", "edge"), Map.of("site", "a"));
        repo.insert(new StoredKey(new Key(k3.pkcs11Uri(), k3.keyId(), k3.name(), k3.aliases(), k3.engineId(), false,
                k3.algorithm(), k3.size(), k3.publicKey(), k3.creationTs(), k3.tags(), k3.metadata()), null));
        assertThat(ids(repo.list(query("algorithm[eq]RSA", "size[ge]3072")))).containsExactly(2);
        assertThat(ids(repo.list(query("tags[ct]prod")))).containsExactly(1, 3);
        assertThat(ids(repo.list(query("has_private_key[eq]false")))).containsExactly(3);
        assertThat(repo.find(k3.keyId()).orElseThrow().sealedPrivateKey()).isNull();
        assertThat(ids(repo.list(query("metadata[jsonpath]$.site == \"a\"")))).containsExactly(1, 3);
        assertThat(ids(repo.list(query("creation_ts[af]2026-01-01T00:00:01Z")))).containsExactly(2, 3);
        assertThat(ids(repo.list(query("name[ct]key-2")))).containsExactly(2);
    }

    @Test
    void pagesWithBookmarks() {
        for (int i = 1; i <= 5; i++) {
            repo.insert(new StoredKey(key(i, "ECDSA", 256, List.of(), Map.of()), new byte[] {1}));
        }
        List<Integer> seen = new ArrayList<>();
        Page<Key> page = repo.list(QueryParser.parse(Map.of("page_size", List.of("2"), "sort_by", List.of("creation_ts"),
                "sort_mode", List.of("desc")), KeyFields.FIELDS));
        seen.addAll(ids(page));
        while (!page.next().isEmpty()) {
            page = repo.list(QueryParser.parse(Map.of("bookmark", List.of(page.next())), KeyFields.FIELDS));
            seen.addAll(ids(page));
        }
        assertThat(seen).containsExactly(5, 4, 3, 2, 1);
    }

    @Test
    void statsCountPerEngineAndAlgorithm() {
        repo.insert(new StoredKey(key(1, "RSA", 2048, List.of(), Map.of()), new byte[] {1}));
        repo.insert(new StoredKey(key(2, "ECDSA", 256, List.of(), Map.of()), new byte[] {1}));
        repo.insert(new StoredKey(key(3, "ECDSA", 384, List.of(), Map.of()), new byte[] {1}));
        KmsStats all = repo.stats(query());
        assertThat(all.totalKeys()).isEqualTo(3);
        assertThat(all.keysDistributionPerEngine()).containsExactly(Map.entry("filesystem-1", 3L));
        assertThat(all.keysDistributionPerAlgorithm())
                .containsExactlyInAnyOrderEntriesOf(Map.of("RSA", 1L, "ECDSA", 2L, "Ed25519", 0L));
        assertThat(repo.stats(query("size[gt]256")).totalKeys()).isEqualTo(2);
    }

    @Test
    void settingsAreWrittenOnce() {
        repo.saveSettingIfAbsent("s", "one");
        repo.saveSettingIfAbsent("s", "two");
        assertThat(repo.setting("s")).contains("one");
        assertThat(repo.setting("missing")).isEmpty();
    }

    private static List<Integer> ids(Page<Key> page) {
        return page.list().stream().map(k -> Integer.parseInt(k.keyId().substring(0, 2), 16)).toList();
    }
}
