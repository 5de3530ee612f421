package io.lamassu.kms.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.json.Json;
import io.lamassu.common.query.ListQuery;
import io.lamassu.crypto.KeyAlgorithm;
import io.lamassu.kms.Key;
import io.lamassu.kms.KeyBinding;
import io.lamassu.kms.KeyFields;
import io.lamassu.kms.KeyRepository;
import io.lamassu.kms.KmsStats;
import io.lamassu.kms.StoredKey;
import io.lamassu.storage.Dialect;
import io.lamassu.storage.DuplicateKeyException;
import io.lamassu.storage.Jdbc;
import io.lamassu.storage.ListSql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keys in {@code kms_keys}, aliases in {@code kms_key_aliases} (its primary key makes them globally unique). */
public final class JdbcKeyRepository implements KeyRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private final Jdbc jdbc;
    private final ListSql listSql;

    public JdbcKeyRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.listSql = new ListSql(jdbc, "kms_keys", KeyFields.FIELDS);
    }

    @Override
    public boolean insert(StoredKey stored) {
        Key k = stored.key();
        String json = jdbc.dialect().jsonParam();
        List<Object> params = new ArrayList<>(List.of(k.keyId(), k.name(), k.engineId(), String.valueOf(k.hasPrivateKey()),
                k.algorithm(), k.size(), k.publicKey(), k.creationTs().toEpochMilli(), Json.write(k.tags()),
                Json.write(k.metadata()), Json.write(k.aliases())));
        // Jdbc.update's varargs go through List.of, which rejects null: a public-only key binds NULL inline.
        boolean sealed = stored.sealedPrivateKey() != null;
        if (sealed) {
            params.add(stored.sealedPrivateKey());
        }
        int n = jdbc.update("INSERT INTO kms_keys (key_id, name, engine_id, has_private_key, algorithm, size, public_key,"
                + " creation_ts, tags, metadata, aliases, private_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, " + json + ", "
                + json + ", " + json + ", " + (sealed ? "?" : "NULL") + ") ON CONFLICT (key_id) DO NOTHING",
                params.toArray());
        if (n == 1) {
            insertAliases(k);
        }
        return n == 1;
    }

    @Override
    public void update(Key k) {
        String json = jdbc.dialect().jsonParam();
        jdbc.tx().run(() -> {
            jdbc.update("UPDATE kms_keys SET name = ?, tags = " + json + ", metadata = " + json + ", aliases = " + json
                            + " WHERE key_id = ?",
                    k.name(), Json.write(k.tags()), Json.write(k.metadata()), Json.write(k.aliases()), k.keyId());
            jdbc.update("DELETE FROM kms_key_aliases WHERE key_id = ?", k.keyId());
            insertAliases(k);
        });
    }

    private void insertAliases(Key k) {
        for (String alias : k.aliases()) {
            try {
                jdbc.update("INSERT INTO kms_key_aliases (alias, key_id) VALUES (?, ?)", alias, k.keyId());
            } catch (DuplicateKeyException e) {
                throw LamassuException.conflict("KEY_ALIAS_EXISTS", "alias '" + alias + "' is already used by another"
                        + " key");
            }
        }
    }

    @Override
    public Optional<StoredKey> find(String keyId) {
        return jdbc.queryOne("SELECT * FROM kms_keys WHERE key_id = ?",
                rs -> new StoredKey(map(rs), rs.getBytes("private_key")), keyId);
    }

    @Override
    public Optional<String> keyIdForAlias(String alias) {
        return jdbc.queryOne("SELECT key_id FROM kms_key_aliases WHERE alias = ?", rs -> rs.getString(1), alias);
    }

    @Override
    public boolean delete(String keyId) {
        return jdbc.tx().inTransaction(() -> {
            jdbc.update("DELETE FROM kms_key_aliases WHERE key_id = ?", keyId);
            return jdbc.update("DELETE FROM kms_keys WHERE key_id = ?", keyId) == 1;
        });
    }

    @Override
    public boolean bind(String keyId, KeyBinding binding) {
        // FOR KEY SHARE waits for a delete that already locked the row, then finds it gone; once held,
        // a delete waits for this transaction and then sees the binding.
        return jdbc.tx().inTransaction(() -> {
            if (!lockedExists(keyId, " FOR KEY SHARE")) {
                return false;
            }
            jdbc.update("INSERT INTO kms_key_bindings (key_id, resource_type, resource_id) VALUES (?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", keyId, binding.resourceType(), binding.resourceId());
            return true;
        });
    }

    @Override
    public void unbind(String keyId, KeyBinding binding) {
        jdbc.update("DELETE FROM kms_key_bindings WHERE key_id = ? AND resource_type = ? AND resource_id = ?", keyId,
                binding.resourceType(), binding.resourceId());
    }

    @Override
    public List<KeyBinding> lockBindingsForDelete(String keyId) {
        return jdbc.tx().inTransaction(() -> {
            lockedExists(keyId, " FOR UPDATE");
            return jdbc.query("SELECT resource_type, resource_id FROM kms_key_bindings WHERE key_id = ?"
                    + " ORDER BY resource_type, resource_id", rs -> new KeyBinding(rs.getString(1), rs.getString(2)),
                    keyId);
        });
    }

    @Override
    public List<KeyBinding> bindings(String keyId) {
        return jdbc.query("SELECT resource_type, resource_id FROM kms_key_bindings WHERE key_id = ?"
                + " ORDER BY resource_type, resource_id", rs -> new KeyBinding(rs.getString(1), rs.getString(2)), keyId);
    }

    /** SQLite has one writer, which already orders these transactions: the lock clause is PostgreSQL's. */
    private boolean lockedExists(String keyId, String lock) {
        String clause = jdbc.dialect() == Dialect.POSTGRES ? lock : "";
        return !jdbc.writeReturning("SELECT key_id FROM kms_keys WHERE key_id = ?" + clause, rs -> rs.getString(1),
                List.of(keyId)).isEmpty();
    }

    @Override
    public Page<Key> list(ListQuery query) {
        return listSql.page(query, JdbcKeyRepository::map);
    }

    @Override
    public KmsStats stats(ListQuery query) {
        List<Object> params = new ArrayList<>();
        String where = listSql.where(query.filters(), params);
        Map<String, Long> perEngine = new LinkedHashMap<>();
        Map<String, Long> perAlgorithm = new LinkedHashMap<>();
        for (KeyAlgorithm a : KeyAlgorithm.values()) {
            perAlgorithm.put(a.wireName(), 0L);
        }
        long[] total = {0};
        jdbc.queryList("SELECT engine_id, algorithm, COUNT(*) AS n FROM kms_keys t WHERE " + where
                + " GROUP BY engine_id, algorithm ORDER BY engine_id, algorithm", rs -> {
                    long n = rs.getLong("n");
                    perEngine.merge(rs.getString("engine_id"), n, Long::sum);
                    perAlgorithm.merge(rs.getString("algorithm"), n, Long::sum);
                    total[0] += n;
                    return null;
                }, params);
        return new KmsStats(total[0], perEngine, perAlgorithm);
    }

    @Override
    public Optional<String> setting(String name) {
        return jdbc.queryOne("SELECT value FROM kms_settings WHERE name = ?", rs -> rs.getString(1), name);
    }

    @Override
    public void saveSettingIfAbsent(String name, String value) {
        jdbc.update("INSERT INTO kms_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name, value);
    }

    private static Key map(ResultSet rs) throws SQLException {
        String keyId = rs.getString("key_id");
        String engine = rs.getString("engine_id");
        return new Key(Key.uri(engine, keyId), keyId, rs.getString("name"), Json.read(rs.getString("aliases"), STRINGS),
                engine, Boolean.parseBoolean(rs.getString("has_private_key")), rs.getString("algorithm"),
                rs.getInt("size"), rs.getString("public_key"), Instant.ofEpochMilli(rs.getLong("creation_ts")),
                Json.read(rs.getString("tags"), STRINGS), Json.readMap(rs.getString("metadata")));
    }
}
