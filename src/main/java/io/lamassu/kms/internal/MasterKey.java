package io.lamassu.kms.internal;

import io.lamassu.storage.files.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit key that seals private keys at rest with AES-256-GCM (NIST SP 800-38D): a fresh
 * random 96-bit nonce per sealing and the key id as additional authenticated data, so a sealed key
 * copied onto another key's row fails to open. Sealed form: {@code 0x01 || nonce(12) || ciphertext || tag(16)}.
 * The key comes from {@code LAMASSU_MASTER_KEY} (base64 of 32 bytes) or from {@code <data-dir>/master.key},
 * generated with owner-only permissions on first start.
 */
public final class MasterKey {
    public static final String ENV = "LAMASSU_MASTER_KEY";
    public static final String FILE = "master.key";
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random;
    private final String origin;

    private MasterKey(byte[] raw, SecureRandom random, String origin) {
        this.key = new SecretKeySpec(raw, "AES");
        this.random = random;
        this.origin = origin;
        Arrays.fill(raw, (byte) 0);
    }

    /** From the environment value when set (non-empty), else from the data directory's file, else generated there. */
    public static MasterKey load(Path dataDir, String envValue, SecureRandom random) {
        if (envValue != null && !envValue.isBlank()) {
            return new MasterKey(decode(envValue, ENV), random, ENV);
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return new MasterKey(decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString()), random,
                        file.toString());
            }
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            SecretFiles.writeOwnerOnly(file, Base64.getEncoder().encodeToString(raw) + "\n");
            return new MasterKey(raw, random, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key " + file, e);
        }
    }

    public static MasterKey of(byte[] raw, SecureRandom random) {
        return new MasterKey(raw.clone(), random, "memory");
    }

    private static byte[] decode(String value, String where) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " must be the base64 encoding of 32 random bytes"
                    + " (e.g. `openssl rand -base64 32`); it is not valid base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(where + " must be the base64 encoding of exactly 32 bytes (AES-256);"
                    + " it decodes to " + raw.length + " bytes");
        }
        return raw;
    }

    /** Where the key came from (env variable name or file path), for error messages; never the key itself. */
    public String origin() {
        return origin;
    }

    public byte[] seal(byte[] plaintext, String aad) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = new byte[1 + NONCE + ct.length];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE);
            System.arraycopy(ct, 0, out, 1 + NONCE, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    /** Throws {@link SealedDataException} when the data was altered, bound to another id, or sealed under another key. */
    public byte[] open(byte[] sealed, String aad) {
        if (sealed == null || sealed.length < 1 + NONCE + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new SealedDataException("sealed private key is truncated or has an unknown format");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
        } catch (AEADBadTagException e) {
            throw new SealedDataException("sealed data failed authentication: it was modified, belongs to another"
                    + " key, or the master key (" + origin + ") is not the one it was sealed with");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM opening failed", e);
        }
    }

    /** Sealed data that does not authenticate. */
    public static final class SealedDataException extends RuntimeException {
        public SealedDataException(String message) {
            super(message);
        }
    }
}
