package io.lamassu.ca.internal;

import io.lamassu.ca.CaKeys;
import io.lamassu.ca.SignatureRequest;
import io.lamassu.common.ErrorKind;
import io.lamassu.common.LamassuException;
import io.lamassu.kms.CreateKeyRequest;
import io.lamassu.kms.ImportKeyRequest;
import io.lamassu.kms.Key;
import io.lamassu.kms.KeyBinding;
import io.lamassu.kms.KmsService;
import io.lamassu.kms.PreparedKey;
import io.lamassu.kms.SignRequest;
import io.lamassu.kms.VerifyRequest;
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

    /** A prepared KMS key; the public key is decoded once, here. */
    private record Pending(PreparedKey prepared, KeyRef ref) implements NewKey {
        @Override
        public ContentSigner signer() {
            return prepared.signer();
        }
    }

    @Override
    public NewKey generate(String type, int bits, String engineId, String name) {
        return pending(kms.prepareKey(new CreateKeyRequest(type, bits, engineId, name, List.of(), Map.of())));
    }

    @Override
    public NewKey parse(String privateKeyPem, String engineId, String name) {
        return pending(kms.prepareImport(new ImportKeyRequest(privateKeyPem, engineId, name, List.of(), Map.of())));
    }

    private static NewKey pending(PreparedKey p) {
        return new Pending(p, new KeyRef(p.key().keyId(), p.key().engineId(), spki(p.key())));
    }

    /** Re-importing a key the KMS already holds (a CA deleted and imported again) reuses it. */
    @Override
    public void store(NewKey key) {
        if (find(key.ref().keyId()).isPresent()) {
            return;
        }
        try {
            kms.store(((Pending) key).prepared());
        } catch (LamassuException e) {
            // A concurrent import of the same key won: reuse it too.
            if (!"KEY_ALREADY_EXISTS".equals(e.code()) || find(key.ref().keyId()).isEmpty()) {
                throw e;
            }
        }
    }

    @Override
    public void bind(String keyId, String caId) {
        kms.bind(keyId, KeyBinding.ca(caId));
    }

    @Override
    public void unbind(String keyId, String caId) {
        kms.unbind(keyId, KeyBinding.ca(caId));
    }

    @Override
    public void bindResponder(String keyId, String caId) {
        kms.bind(keyId, responderOf(caId));
    }

    @Override
    public void deleteResponder(String keyId, String caId) {
        kms.unbind(keyId, responderOf(caId));
        if (find(keyId).isPresent()) {
            kms.delete(keyId);
        }
    }

    private static KeyBinding responderOf(String caId) {
        return new KeyBinding("ocsp-responder", caId);
    }

    @Override
    public Optional<KeyRef> find(String keyId) {
        try {
            Key key = kms.get(keyId);
            return key.hasPrivateKey() ? Optional.of(new KeyRef(key.keyId(), key.engineId(), spki(key)))
                    : Optional.empty();
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

    @Override
    public String sign(String keyId, SignatureRequest r) {
        return kms.signature(keyId, new SignRequest(r.signatureAlgorithm(), r.message(), r.messageType()))
                .signature();
    }

    @Override
    public boolean verify(String keyId, SignatureRequest r) {
        if (r.signature() == null || r.signature().isBlank()) {
            throw LamassuException.badRequest("INVALID_SIGNATURE", "signature is required (base64)");
        }
        return kms.check(keyId, new VerifyRequest(r.signatureAlgorithm(), r.message(), r.signature(),
                r.messageType())).valid();
    }

    private static SubjectPublicKeyInfo spki(Key key) {
        return SubjectPublicKeyInfo.getInstance(io.lamassu.crypto.Pem.derFromAnyEncoding(key.publicKey(),
                "PUBLIC KEY", "INVALID_PUBLIC_KEY"));
    }
}
