package io.lamassu.kms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
    static final SecureRandom RANDOM = new SecureRandom();
    static final byte[] SECRET = "pkcs8 bytes of a private key".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sealsWithAFreshNonceAndOpens() {
        MasterKey mk = MasterKey.of(new byte[32], RANDOM);
        byte[] a = mk.seal(SECRET, "id-1");
        byte[] b = mk.seal(SECRET, "id-1");
        assertThat(a).isNotEqualTo(b);
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("private key");
        assertThat(a.length).isEqualTo(1 + 12 + SECRET.length + 16);
        assertThat(mk.open(a, "id-1")).isEqualTo(SECRET);
    }

    @Test
    void detectsTamperingAnywhere() {
        MasterKey mk = MasterKey.of(new byte[32], RANDOM);
        byte[] sealed = mk.seal(SECRET, "id-1");
        for (int i = 1; i < sealed.length; i++) {
            byte[] copy = sealed.clone();
            copy[i] ^= 0x01;
            assertThatThrownBy(() -> mk.open(copy, "id-1")).isInstanceOf(MasterKey.SealedDataException.class);
        }
        byte[] truncated = java.util.Arrays.copyOf(sealed, sealed.length - 1);
        assertThatThrownBy(() -> mk.open(truncated, "id-1")).isInstanceOf(MasterKey.SealedDataException.class);
    }

    @Test
    void bindsTheCiphertextToTheKeyId() {
        MasterKey mk = MasterKey.of(new byte[32], RANDOM);
        byte[] sealed = mk.seal(SECRET, "id-1");
        assertThatThrownBy(() -> mk.open(sealed, "id-2")).isInstanceOf(MasterKey.SealedDataException.class);
    }

    @Test
    void wrongMasterKeyFailsWithAClearMessage() {
        byte[] other = new byte[32];
        other[0] = 1;
        byte[] sealed = MasterKey.of(new byte[32], RANDOM).seal(SECRET, "id-1");
        assertThatThrownBy(() -> MasterKey.of(other, RANDOM).open(sealed, "id-1"))
                .isInstanceOf(MasterKey.SealedDataException.class)
                .hasMessageContaining("master key");
    }

    @Test
    void generatesAnOwnerOnlyFileOnFirstStartAndReusesIt(@TempDir Path dir) throws Exception {
        MasterKey first = MasterKey.load(dir, null, RANDOM);
        Path file = dir.resolve(MasterKey.FILE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        byte[] sealed = first.seal(SECRET, "k");
        assertThat(MasterKey.load(dir, "", RANDOM).open(sealed, "k")).isEqualTo(SECRET);
    }

    @Test
    void environmentValueWinsAndIsValidated(@TempDir Path dir) {
        byte[] raw = new byte[32];
        raw[5] = 7;
        MasterKey fromEnv = MasterKey.load(dir, Base64.getEncoder().encodeToString(raw), RANDOM);
        assertThat(Files.exists(dir.resolve(MasterKey.FILE))).isFalse();
        assertThat(MasterKey.of(raw, RANDOM).open(fromEnv.seal(SECRET, "k"), "k")).isEqualTo(SECRET);
        assertThatThrownBy(() -> MasterKey.load(dir, "%%%", RANDOM))
                .hasMessageContaining("LAMASSU_MASTER_KEY").hasMessageContaining("base64");
        assertThatThrownBy(() -> MasterKey.load(dir, Base64.getEncoder().encodeToString(new byte[16]), RANDOM))
                .hasMessageContaining("LAMASSU_MASTER_KEY").hasMessageContaining("32 bytes")
                .hasMessageContaining("16");
    }
}
