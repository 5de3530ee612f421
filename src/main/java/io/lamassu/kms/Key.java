package io.lamassu.kms;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A KMS key as it appears on the wire (upstream-notes §6.4). Never carries private key material:
 * {@code publicKey} is base64 of the PEM {@code PUBLIC KEY}; {@code keyId} is hex SHA-256 of the DER
 * SubjectPublicKeyInfo.
 */
public record Key(String pkcs11Uri, String keyId, String name, List<String> aliases, String engineId,
                  boolean hasPrivateKey, String algorithm, int size, String publicKey, Instant creationTs,
                  List<String> tags, Map<String, Object> metadata) {

    public Key {
        aliases = List.copyOf(aliases);
        tags = List.copyOf(tags);
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    /** Upstream's PKCS#11-style URI for a key, accepted wherever a key id is. */
    public static String uri(String engineId, String keyId) {
        return "pkcs11:token-id=" + engineId + ";id=" + keyId + ";type=private";
    }

    public Key withName(String newName) {
        return new Key(pkcs11Uri, keyId, newName, aliases, engineId, hasPrivateKey, algorithm, size, publicKey,
                creationTs, tags, metadata);
    }

    public Key withTags(List<String> newTags) {
        return new Key(pkcs11Uri, keyId, name, aliases, engineId, hasPrivateKey, algorithm, size, publicKey,
                creationTs, newTags, metadata);
    }

    public Key withMetadata(Map<String, Object> newMetadata) {
        return new Key(pkcs11Uri, keyId, name, aliases, engineId, hasPrivateKey, algorithm, size, publicKey,
                creationTs, tags, newMetadata);
    }

    public Key withAliases(List<String> newAliases) {
        return new Key(pkcs11Uri, keyId, name, newAliases, engineId, hasPrivateKey, algorithm, size, publicKey,
                creationTs, tags, metadata);
    }
}
