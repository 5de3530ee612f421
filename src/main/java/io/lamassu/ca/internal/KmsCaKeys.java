package io.lamassu.ca.internal;

import io.lamassu.ca.CaKeys;
import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.kms.CreateKeyRequest;
import io.lamassu.kms.ImportKeyRequest;
import io.lamassu.kms.Key;
import io.lamassu.kms.KmsService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;

/** The CA's keys live in the KMS context; this adapter is the only CA code that talks to it. */
public final class KmsCaKeys implements CaKeys {
    private final KmsService kms;

    public KmsCaKeys(KmsService kms) {
        this.kms = kms;
    }

    @Override
    public KeyRef create(String type, int bits, String engineId, String name) {
        Key key = kms.createKey(new CreateKeyRequest(type, bits, engineId, name, List.of(), Map.of()));
        return ref(key);
    }

    /** Re-importing a key the KMS already holds (a CA deleted and imported again) reuses it. */
    @Override
    public KeyRef importKey(String privateKeyPem, String engineId, String name) {
        try {
            return ref(kms.importKey(new ImportKeyRequest(privateKeyPem, engineId, name, List.of(), Map.of())));
        } catch (LamassuException e) {
            if (!"KEY_ALREADY_EXISTS".equals(e.code())) {
                throw e;
            }
            String keyId = io.lamassu.crypto.KeyIds.keyId(io.lamassu.crypto.PrivateKeys.parse(privateKeyPem)
                    .getPublic());
            return find(keyId).orElseThrow(() -> e);
        }
    }

    @Override
    public Optional<KeyRef> find(String keyId) {
        try {
            Key key = kms.get(keyId);
            return key.hasPrivateKey() ? Optional.of(ref(key)) : Optional.empty();
        } catch (LamassuException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public ContentSigner signer(String keyId) {
        return kms.contentSigner(keyId);
    }

    private KeyRef ref(Key key) {
        return new KeyRef(key.keyId(), key.engineId(),
                SubjectPublicKeyInfo.getInstance(kms.publicKey(key.keyId()).getEncoded()));
    }
}
