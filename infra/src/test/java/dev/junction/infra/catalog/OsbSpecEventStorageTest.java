package dev.junction.infra.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.api.Actor;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.InstanceBound;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.MaintenanceInfo;
import dev.junction.infra.config.AxonConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instance events that gained a component for OSB 2.17 (maintenance_info, afterTask, expiresAt) are read
 * from what was stored before (the component absent: null) and round-trip with it.
 */
class OsbSpecEventStorageTest {

    private static final ObjectMapper STORAGE = AxonConfig.storageMapper();
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void eventsStoredBeforeTheNewComponentsAreReadWithThemNull() throws Exception {
        ProvisionRequested old = STORAGE.readValue("{\"instanceId\":\"i1\",\"serviceId\":\"s\",\"planId\":\"p\","
                + "\"task\":1,\"actor\":null,\"at\":\"2026-12-01T10:00:00Z\"}", ProvisionRequested.class);
        assertThat(old.task()).isEqualTo(1);
        assertThat(old.maintenanceInfo()).isNull();
        assertThat(STORAGE.readValue("{\"instanceId\":\"i1\",\"task\":2,\"at\":\"2026-12-01T10:00:00Z\"}",
                DeprovisionRequested.class).afterTask()).isNull();
        assertThat(STORAGE.readValue("{\"instanceId\":\"i1\",\"bindingId\":\"b\",\"task\":2,\"sealedCredentials\":\"x\","
                + "\"at\":\"2026-12-01T10:00:00Z\"}", InstanceBound.class).expiresAt()).isNull();
    }

    @Test
    void theNewComponentsRoundTrip() throws Exception {
        ProvisionRequested asked = new ProvisionRequested("i1", "s", "p", null, null, null, 1, Actor.user("a"), T,
                new MaintenanceInfo("2.0.0", "from image d:2"));
        assertThat(STORAGE.readValue(STORAGE.writeValueAsString(asked), ProvisionRequested.class)).isEqualTo(asked);
        DeprovisionRequested overtaking = new DeprovisionRequested("i1", 2, Actor.user("a"), T, 1);
        assertThat(STORAGE.readValue(STORAGE.writeValueAsString(overtaking), DeprovisionRequested.class))
                .isEqualTo(overtaking);
        InstanceBound bound = new InstanceBound("i1", "b", 2, "x", T, T.plusSeconds(60));
        assertThat(STORAGE.readValue(STORAGE.writeValueAsString(bound), InstanceBound.class)).isEqualTo(bound);
    }
}
