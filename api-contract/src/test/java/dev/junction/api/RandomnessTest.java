package dev.junction.api;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RandomnessTest {

    @Test
    void uuidsAreVersionFourAndDistinctAcrossThreads() {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 20_000).parallel().forEach(i -> seen.add(Randomness.uuid()));
        assertThat(seen).hasSize(20_000);
        UUID one = Randomness.uuid();
        assertThat(one.version()).isEqualTo(4);
        assertThat(one.variant()).isEqualTo(2);
        assertThat(UUID.fromString(one.toString())).isEqualTo(one);
    }

    @Test
    void bytesAreNotRepeated() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            byte[] nonce = new byte[12];
            Randomness.nextBytes(nonce);
            seen.add(java.util.HexFormat.of().formatHex(nonce));
        }
        assertThat(seen).hasSize(1_000);
    }
}
