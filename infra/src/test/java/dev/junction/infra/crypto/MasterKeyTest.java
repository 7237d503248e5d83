package dev.junction.infra.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MasterKey}: AES-GCM with a fresh nonce per message, the cipher object reused per thread. */
class MasterKeyTest {

    private static final byte[] AAD = "type/1".getBytes(StandardCharsets.UTF_8);

    @Test
    void everyMessageGetsItsOwnNonceAndDecryptsBack(@TempDir Path dir) throws Exception {
        MasterKey key = MasterKey.load(null, dir.resolve("master.key"));
        byte[] plain = "postgresql://user:secret@db:5432/x".getBytes(StandardCharsets.UTF_8);
        Set<String> sealedTexts = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            byte[] sealed = key.encrypt(plain, AAD);
            assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret");
            sealedTexts.add(java.util.Base64.getEncoder().encodeToString(sealed));
            assertThat(key.decrypt(sealed, AAD)).isEqualTo(plain);
        }
        assertThat(sealedTexts).hasSize(100);
    }

    @Test
    void aRefusedMessageLeavesTheThreadsCipherUsable(@TempDir Path dir) throws Exception {
        MasterKey key = MasterKey.load(null, dir.resolve("master.key"));
        byte[] sealed = key.encrypt("data".getBytes(StandardCharsets.UTF_8), AAD);
        assertThatThrownBy(() -> key.decrypt(sealed, "other/1".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("wrong master key or damaged data");
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> key.decrypt(tampered, AAD)).isInstanceOf(IllegalStateException.class);
        assertThat(key.decrypt(sealed, AAD)).isEqualTo("data".getBytes(StandardCharsets.UTF_8));
        assertThat(key.decrypt(key.encrypt(new byte[0], AAD), AAD)).isEmpty();
    }

    @Test
    void anotherKeyCannotRead(@TempDir Path dir) throws Exception {
        MasterKey one = MasterKey.load(null, dir.resolve("one.key"));
        MasterKey other = MasterKey.load(null, dir.resolve("other.key"));
        byte[] sealed = one.encrypt("data".getBytes(StandardCharsets.UTF_8), AAD);
        assertThatThrownBy(() -> other.decrypt(sealed, AAD)).isInstanceOf(IllegalStateException.class);
        assertThat(MasterKey.load(null, dir.resolve("one.key")).decrypt(sealed, AAD))
                .isEqualTo("data".getBytes(StandardCharsets.UTF_8));
    }
}
