package dev.junction.infra.axon;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.api.Actor;
import dev.junction.api.resource.ResourceEvents.ResourceDataChanged;
import dev.junction.infra.config.AxonConfig;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RenamingSerializer}: a payload stored under a class's old name is read into the class of the new one. */
class RenamingSerializerTest {

    private static final String OLD_NAME = "dev.junction.api.resource.ResourceMessages$ResourceDataChanged";

    private final Serializer jackson = JacksonSerializer.builder().objectMapper(AxonConfig.storageMapper()).build();
    private final Serializer renaming = new RenamingSerializer(jackson,
            Map.of(OLD_NAME, ResourceDataChanged.class.getName()));

    @Test
    void readsAPayloadStoredUnderItsOldClassName() {
        ResourceDataChanged event = new ResourceDataChanged("db", JsonNodeFactory.instance.objectNode().put("A", "1"),
                JsonNodeFactory.instance.objectNode().put("A", "1"), Actor.user("alice"), Instant.EPOCH);
        byte[] stored = jackson.serialize(event, byte[].class).getData();
        SerializedType oldType = new SimpleSerializedType(OLD_NAME, null);

        assertThat(renaming.classForType(oldType)).isEqualTo(ResourceDataChanged.class);
        Object read = renaming.deserialize(new SimpleSerializedObject<>(stored, byte[].class, oldType));
        assertThat(read).isEqualTo(event);
    }

    @Test
    void writesAndReadsOtherTypesUnderTheirOwnNames() {
        var written = renaming.serialize("plain", byte[].class);

        assertThat(written.getType().getName()).isEqualTo(String.class.getName());
        assertThat((Object) renaming.deserialize(written)).isEqualTo("plain");
    }
}
