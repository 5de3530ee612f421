package io.lamassu.kms;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.common.Page;
import io.lamassu.common.json.JsonPatches;
import io.lamassu.common.json.MetadataUpdate;
import io.lamassu.common.query.ListQuery;
import io.lamassu.crypto.KeyAlgorithm;
import io.lamassu.crypto.KeyIds;
import io.lamassu.crypto.Pem;
import io.lamassu.crypto.PrivateKeys;
import io.lamassu.crypto.Signatures;
import io.lamassu.events.EventPublisher;
import io.lamassu.kms.internal.MasterKey;
import io.lamassu.kms.internal.SignerPool;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.bouncycastle.operator.ContentSigner;

/**
 * Keys: create, import, list, update, delete, sign and verify (upstream-notes §2.2), plus the
 * in-process signing port the CA uses. Private keys stay inside: responses, events and audit
 * records carry only the public {@link Key}. Decrypted keys are cached as Bouncy Castle keys with
 * a pool of initialised signers, so {@link #contentSigner} costs no decryption or key setup.
 */
public final class KmsService {
    static final String OBJECT_TYPE = "kms-key";
    /** Metadata upstream uses to record what a key is bound to; a bound key cannot be deleted. */
    public static final String BOUND_RESOURCES = "lamassu.io/kms/binded-resources";
    private static final int CACHE_LIMIT = 10_000;

    private final KeyRepository repository;
    private final Map<String, KeyEngine> engines = new LinkedHashMap<>();
    private final String defaultEngine;
    private final EventPublisher events;
    private final AuditTrail audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CachedKey> cache = new ConcurrentHashMap<>();

    /** {@code engines}: the first one is the default. */
    public KmsService(KeyRepository repository, List<KeyEngine> engines, EventPublisher events, AuditTrail audit,
                      Clock clock) {
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("at least one key engine is required");
        }
        this.repository = repository;
        engines.forEach(e -> this.engines.put(e.id(), e));
        this.defaultEngine = engines.get(0).id();
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /** A decrypted key with its signer pools (one per signature algorithm). */
    private record CachedKey(KeyAlgorithm algorithm, int size, PrivateKey privateKey, PublicKey publicKey,
                             Map<String, SignerPool> pools) {
        SignerPool pool(String signatureAlgorithm) {
            return pools.computeIfAbsent(signatureAlgorithm, a -> new SignerPool(privateKey, a));
        }
    }

    public Key createKey(CreateKeyRequest req) {
        return storeAndCache(prepareKey(req));
    }

    public Key importKey(ImportKeyRequest req) {
        return storeAndCache(prepareImport(req));
    }

    /** Validates and generates a key (seconds for RSA-4096) without storing it; see {@link PreparedKey}. */
    public PreparedKey prepareKey(CreateKeyRequest req) {
        if (req == null) {
            throw LamassuException.badRequest("EMPTY_BODY", "request body is empty");
        }
        KeyAlgorithm algorithm = KeyAlgorithm.parse(req.algorithm());
        int size = algorithm.checkSize(req.size());
        KeyEngine engine = engine(req.engineId());
        Details details = Details.of(req.name(), req.tags(), req.metadata());
        return prepare("kms.create", engine, engine.generate(algorithm, size), details);
    }

    /** Parses and seals a private key without storing it; see {@link PreparedKey}. */
    public PreparedKey prepareImport(ImportKeyRequest req) {
        if (req == null) {
            throw LamassuException.badRequest("EMPTY_BODY", "request body is empty");
        }
        KeyEngine engine = engine(req.engineId());
        Details details = Details.of(req.name(), req.tags(), req.metadata());
        return prepare("kms.import", engine, PrivateKeys.parse(req.privateKey()), details);
    }

    private record Details(String name, List<String> tags, Map<String, Object> metadata) {
        static Details of(String name, List<String> tags, Map<String, Object> metadata) {
            return new Details(checkName(name), checkTags(tags), metadata == null ? Map.of() : metadata);
        }
    }

    private PreparedKey prepare(String action, KeyEngine engine, KeyPair pair, Details d) {
        String keyId = KeyIds.keyId(pair.getPublic());
        Key key = new Key(Key.uri(engine.id(), keyId), keyId, d.name(), List.of(), engine.id(), true,
                KeyAlgorithm.of(pair.getPublic()).wireName(), KeyAlgorithm.sizeOf(pair.getPublic()),
                PrivateKeys.publicKeyBase64Pem(pair.getPublic()), Instant.ofEpochMilli(clock.millis()), d.tags(),
                d.metadata());
        return new PreparedKey(action, key, engine.seal(keyId, pair.getPrivate()), pair);
    }

    /**
     * Stores a prepared key with its audit record and event, inside the caller's transaction when
     * there is one (so the key rolls back with it); 409 KEY_ALREADY_EXISTS when the id is taken.
     */
    public Key store(PreparedKey p) {
        String keyId = p.key().keyId();
        return audit.execute(p.action(), OBJECT_TYPE, keyId, () -> {
            if (!repository.insert(new StoredKey(p.key(), p.sealed()))) {
                throw LamassuException.conflict("KEY_ALREADY_EXISTS", "key " + keyId + " already exists");
            }
            events.publish(p.action(), subject(keyId), p.key());
            return p.key();
        });
    }

    private Key storeAndCache(PreparedKey p) {
        Key created = store(p);
        KeyPair pair = p.pair();
        remember(created.keyId(), KeyAlgorithm.of(pair.getPublic()), KeyAlgorithm.sizeOf(pair.getPublic()), pair);
        return created;
    }

    /**
     * Records, in the caller's transaction, that {@code binding} uses the key; 404 KEY_NOT_FOUND
     * when the key does not exist (or was deleted by a transaction that committed first).
     */
    public void bind(String idOrAlias, KeyBinding binding) {
        if (!repository.bind(resolveId(idOrAlias), binding)) {
            throw notFound(idOrAlias);
        }
    }

    public void unbind(String idOrAlias, KeyBinding binding) {
        repository.unbind(resolveId(idOrAlias), binding);
    }

    public Key get(String idOrAlias) {
        return stored(idOrAlias).key();
    }

    /** The resources (CAs, OCSP responders) that sign with this key; empty for a free-standing key. */
    public List<KeyBinding> bindings(String idOrAlias) {
        return repository.bindings(stored(idOrAlias).key().keyId());
    }

    public Page<Key> list(ListQuery q) {
        return repository.list(q);
    }

    public KmsStats stats(ListQuery q) {
        return repository.stats(q);
    }

    public List<EngineInfo> engines() {
        return engines.values().stream().map(e -> e.info(e.id().equals(defaultEngine))).toList();
    }

    public Key rename(String id, String name) {
        String checked = checkName(name);
        if (name == null) {
            throw LamassuException.badRequest("MISSING_NAME", "name is required");
        }
        return update(id, "kms.name.update", k -> k.withName(checked));
    }

    public Key setTags(String id, List<String> tags) {
        if (tags == null) {
            throw LamassuException.badRequest("MISSING_TAGS", "tags is required (an array, possibly empty)");
        }
        List<String> checked = checkTags(tags);
        return update(id, "kms.tags.update", k -> k.withTags(checked));
    }

    /** Any of the three metadata update forms (design §2), applied atomically. */
    public Key updateMetadata(String id, MetadataUpdate update) {
        return update(id, "kms.metadata.update", k -> k.withMetadata(update.applyTo(k.metadata())));
    }

    public Key patchMetadata(String id, List<JsonPatches.PatchOp> ops) {
        requirePatches(ops);
        return updateMetadata(id, new MetadataUpdate.Patch(ops));
    }

    /** JSON Patch over the alias array (upstream: {@code {"op":"add","path":"/-","value":"a"}}). */
    public Key patchAliases(String id, List<JsonPatches.PatchOp> ops) {
        requirePatches(ops);
        return update(id, "kms.aliases.update", k -> k.withAliases(Aliases.apply(k.aliases(), ops)));
    }

    private Key update(String idOrAlias, String action, UnaryOperator<Key> change) {
        String keyId = stored(idOrAlias).key().keyId();
        return audit.execute(action, OBJECT_TYPE, keyId, () -> {
            Key previous = stored(keyId).key();
            Key updated = change.apply(previous);
            repository.update(updated);
            events.publishUpdate(action, subject(keyId), previous, updated);
            return updated;
        });
    }

    public void delete(String idOrAlias) {
        String keyId = stored(idOrAlias).key().keyId();
        audit.run("kms.delete", OBJECT_TYPE, keyId, () -> {
            List<KeyBinding> users = repository.lockBindingsForDelete(keyId);
            if (!users.isEmpty()) {
                throw LamassuException.conflict("KEY_IN_USE", "key " + keyId + " is used by " + users
                        + "; delete the CA first");
            }
            Key key = stored(keyId).key();
            if (key.metadata().get(BOUND_RESOURCES) instanceof List<?> bound && !bound.isEmpty()) {
                throw LamassuException.conflict("KEY_IN_USE", "key " + keyId + " is bound to " + bound
                        + "; remove the binding first");
            }
            repository.delete(keyId);
            events.publish("kms.delete", subject(keyId), Map.of("Identifier", keyId));
        });
        cache.remove(keyId);
    }

    public SignResult sign(String idOrAlias, SignRequest req) {
        requireBody(req);
        Key key = stored(idOrAlias).key();
        SignResult result = signature(key.keyId(), req);
        return audit.execute("kms.sign", OBJECT_TYPE, key.keyId(), () -> {
            events.publish("kms.sign", subject(key.keyId()), Map.of("signature", result.signature()));
            return result;
        });
    }

    /**
     * Signs without an audit record or event of the KMS: for a context that records the operation
     * as its own (the CA's signature endpoint). 400 for bad input, 404 for an unknown key.
     */
    public SignResult signature(String idOrAlias, SignRequest req) {
        requireBody(req);
        Key key = stored(idOrAlias).key();
        CachedKey k = loaded(key.keyId());
        Signatures.Scheme scheme = Signatures.Scheme.parse(req.algorithm());
        boolean prehashed = Signatures.isPrehashed(req.messageType());
        byte[] message = base64(req.message(), "INVALID_MESSAGE");
        return new SignResult(Base64.getEncoder().encodeToString(
                Signatures.sign(k.privateKey(), k.algorithm(), scheme, message, prehashed)));
    }

    public VerifyResult verify(String idOrAlias, VerifyRequest req) {
        requireBody(req);
        Key key = stored(idOrAlias).key();
        boolean valid = check(key.keyId(), req).valid();
        return audit.execute("kms.verify", OBJECT_TYPE, key.keyId(), () -> {
            events.publish("kms.verify", subject(key.keyId()), Map.of("valid", valid));
            return new VerifyResult(valid);
        });
    }

    /** Verifies without an audit record or event (see {@link #signature}). */
    public VerifyResult check(String idOrAlias, VerifyRequest req) {
        requireBody(req);
        Key key = stored(idOrAlias).key();
        KeyAlgorithm algorithm = KeyAlgorithm.parse(key.algorithm());
        Signatures.Scheme scheme = Signatures.Scheme.parse(req.algorithm());
        boolean prehashed = Signatures.isPrehashed(req.messageType());
        byte[] message = base64(req.message(), "INVALID_MESSAGE");
        byte[] signature = base64(req.signature(), "INVALID_SIGNATURE");
        return new VerifyResult(Signatures.verify(publicKey(key), algorithm, scheme, message, prehashed, signature));
    }

    private static Object requireBody(Object req) {
        if (req == null) {
            throw LamassuException.badRequest("EMPTY_BODY", "request body is empty");
        }
        return req;
    }

    /** A signer using the key's default algorithm (P-256→SHA256withECDSA, …, RSA→SHA256withRSA, Ed25519). */
    public ContentSigner contentSigner(String keyId) {
        CachedKey k = loaded(resolveId(keyId));
        return k.pool(k.algorithm().defaultSignatureAlgorithm(k.size())).signer();
    }

    /** A signer for an explicit JCA signature algorithm name (e.g. SHA384withECDSA, SHA256withRSAandMGF1). */
    public ContentSigner contentSigner(String keyId, String signatureAlgorithm) {
        CachedKey k = loaded(resolveId(keyId));
        try {
            return k.pool(signatureAlgorithm).signer();
        } catch (IllegalArgumentException e) {
            throw LamassuException.badRequest("INCOMPATIBLE_SIGNING_ALGORITHM", "cannot sign with "
                    + signatureAlgorithm + " using a " + k.algorithm().wireName() + " key");
        }
    }

    public PublicKey publicKey(String keyId) {
        String id = resolveId(keyId);
        CachedKey cached = cache.get(id);
        return cached != null ? cached.publicKey() : publicKey(stored(id).key());
    }

    /** A key pair that is not stored anywhere (server-side key generation for enrollment). */
    public KeyPair generateEphemeral(String algorithm, int size) {
        KeyAlgorithm alg = KeyAlgorithm.parse(algorithm);
        return alg.generate(alg.checkSize(size), random);
    }

    private static PublicKey publicKey(Key key) {
        byte[] der = Pem.derFromAnyEncoding(key.publicKey(), "PUBLIC KEY", "INVALID_PUBLIC_KEY");
        return PrivateKeys.publicKeyFromSpki(der);
    }

    private CachedKey loaded(String keyId) {
        CachedKey cached = cache.get(keyId);
        if (cached != null) {
            return cached;
        }
        StoredKey stored = stored(keyId);
        if (stored.sealedPrivateKey() == null) {
            throw LamassuException.badRequest("KEY_HAS_NO_PRIVATE_KEY", "key " + keyId + " has no private key");
        }
        PrivateKey priv;
        try {
            priv = engine(stored.key().engineId()).unseal(keyId, stored.sealedPrivateKey());
        } catch (MasterKey.SealedDataException e) {
            throw new LamassuException(ErrorKind.INTERNAL, "KEY_UNSEAL_FAILED",
                    "private key " + keyId + " cannot be decrypted: " + e.getMessage());
        }
        KeyPair pair = new KeyPair(PrivateKeys.derivePublic(priv), priv);
        return remember(keyId, KeyAlgorithm.of(pair.getPublic()), KeyAlgorithm.sizeOf(pair.getPublic()), pair);
    }

    private CachedKey remember(String keyId, KeyAlgorithm algorithm, int size, KeyPair pair) {
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        CachedKey k = new CachedKey(algorithm, size, pair.getPrivate(), pair.getPublic(), new ConcurrentHashMap<>());
        CachedKey previous = cache.putIfAbsent(keyId, k);
        return previous != null ? previous : k;
    }

    private StoredKey stored(String idOrAlias) {
        String id = resolveId(idOrAlias);
        return repository.find(id).orElseThrow(() -> notFound(idOrAlias));
    }

    /** Key id, alias or {@code pkcs11:token-id=…;id=<keyId>;type=private} → key id (404 when unknown). */
    private String resolveId(String idOrAlias) {
        if (idOrAlias == null || idOrAlias.isBlank()) {
            throw notFound("");
        }
        String v = idOrAlias.strip();
        if (v.startsWith("pkcs11:")) {
            return pkcs11Id(v).orElseThrow(() -> LamassuException.badRequest("INVALID_KEY_URI",
                    "PKCS#11 URI has no id attribute: " + v));
        }
        if (v.matches("[0-9a-fA-F]{64}")) {
            // Aliases never look like key ids (see Aliases), so no alias lookup is needed.
            return v.toLowerCase(java.util.Locale.ROOT);
        }
        return repository.keyIdForAlias(v).orElse(v);
    }

    private static Optional<String> pkcs11Id(String uri) {
        for (String attr : uri.substring("pkcs11:".length()).split(";")) {
            if (attr.startsWith("id=")) {
                return Optional.of(attr.substring(3).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    private KeyEngine engine(String engineId) {
        String id = engineId == null || engineId.isBlank() ? defaultEngine : engineId;
        KeyEngine e = engines.get(id);
        if (e == null) {
            throw LamassuException.badRequest("UNKNOWN_ENGINE", "unknown crypto engine '" + engineId + "'; known: "
                    + engines.keySet());
        }
        return e;
    }

    private static LamassuException notFound(String id) {
        return LamassuException.notFound("KEY_NOT_FOUND", "key not found: " + id);
    }

    /** Strict base64 (whitespace aside): a lenient decoder would silently sign a different message. */
    private static byte[] base64(String value, String code) {
        if (value == null) {
            throw LamassuException.badRequest(code, field(code) + " is required (base64)");
        }
        try {
            return Base64.getDecoder().decode(value.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw LamassuException.badRequest(code, field(code) + " is not valid base64");
        }
    }

    private static String field(String code) {
        return switch (code) {
            case "INVALID_MESSAGE" -> "message";
            case "INVALID_SIGNATURE" -> "signature";
            default -> "value";
        };
    }

    private static String subject(String keyId) {
        return "kms/" + keyId;
    }

    private static String checkName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.length() > 256) {
            throw LamassuException.badRequest("INVALID_NAME", "name is longer than 256 characters");
        }
        return n;
    }

    private static List<String> checkTags(List<String> tags) {
        List<String> out = new ArrayList<>();
        for (String t : tags == null ? List.<String>of() : tags) {
            if (t == null || t.isBlank() || t.length() > 256) {
                throw LamassuException.badRequest("INVALID_TAGS", "tags must be non-empty strings of at most 256"
                        + " characters");
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static void requirePatches(List<JsonPatches.PatchOp> ops) {
        if (ops == null) {
            throw LamassuException.badRequest("MISSING_PATCHES", "body must be {\"patches\": [...]}");
        }
    }
}
