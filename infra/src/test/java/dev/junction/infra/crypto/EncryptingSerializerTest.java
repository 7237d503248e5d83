package dev.junction.infra.crypto;

import dev.junction.infra.config.AxonConfig;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EncryptingSerializer}: sealed by default; plain on write for tokens, which still reads sealed ones. */
class EncryptingSerializerTest {

    private static Serializer jackson() {
        return JacksonSerializer.builder().objectMapper(AxonConfig.storageMapper()).build();
    }

    @Test
    void sealsWhatItWritesAndReadsItBack(@TempDir Path dir) throws Exception {
        EncryptingSerializer sealing = new EncryptingSerializer(jackson(), MasterKey.load(null, dir.resolve("k")));
        SerializedObject<byte[]> stored = sealing.serialize(new GlobalSequenceTrackingToken(4711), byte[].class);
        assertThat(new String(stored.getData(), StandardCharsets.ISO_8859_1)).doesNotContain("4711");
        TrackingToken read = sealing.deserialize(stored);
        assertThat(read).isEqualTo(new GlobalSequenceTrackingToken(4711));
    }

    @Test
    void writingPlainStoresReadableTokensAndStillReadsSealedOnes(@TempDir Path dir) throws Exception {
        MasterKey key = MasterKey.load(null, dir.resolve("k"));
        EncryptingSerializer plain = EncryptingSerializer.writingPlain(jackson(), key);
        SerializedObject<byte[]> stored = plain.serialize(new GlobalSequenceTrackingToken(4711), byte[].class);
        assertThat(new String(stored.getData(), StandardCharsets.UTF_8)).contains("4711");
        assertThat((TrackingToken) plain.deserialize(stored)).isEqualTo(new GlobalSequenceTrackingToken(4711));

        SerializedObject<byte[]> sealedEarlier = new EncryptingSerializer(jackson(), key)
                .serialize(new GlobalSequenceTrackingToken(99), byte[].class);
        assertThat((TrackingToken) plain.deserialize(sealedEarlier)).isEqualTo(new GlobalSequenceTrackingToken(99));
    }
}
