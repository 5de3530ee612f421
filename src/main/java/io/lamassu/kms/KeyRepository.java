package io.lamassu.kms;

import io.lamassu.common.Page;
import io.lamassu.common.query.ListQuery;
import java.util.List;
import java.util.Optional;

/** Storage port for keys. Aliases are globally unique; a clash is a 409 KEY_ALIAS_EXISTS. */
public interface KeyRepository {
    /** False when a key with the same id already exists. */
    boolean insert(StoredKey key);

    /** Rewrites the mutable fields (name, tags, metadata, aliases). */
    void update(Key key);

    Optional<StoredKey> find(String keyId);

    Optional<String> keyIdForAlias(String alias);

    boolean delete(String keyId);

    /**
     * Records that {@code binding} uses the key, holding the key row against a concurrent delete
     * until the transaction ends; false (nothing written) when the key does not exist.
     */
    boolean bind(String keyId, KeyBinding binding);

    void unbind(String keyId, KeyBinding binding);

    /**
     * The key's bindings, read after locking its row for deletion, so a binding being written
     * concurrently is either seen here or fails because the key is gone; empty when there is none.
     */
    List<KeyBinding> lockBindingsForDelete(String keyId);

    /** The key's bindings as committed now (no lock): who signs with this key. */
    List<KeyBinding> bindings(String keyId);

    Page<Key> list(ListQuery query);

    KmsStats stats(ListQuery query);

    /** Small engine-level settings (for example the master-key check value). */
    Optional<String> setting(String name);

    void saveSettingIfAbsent(String name, String value);
}
