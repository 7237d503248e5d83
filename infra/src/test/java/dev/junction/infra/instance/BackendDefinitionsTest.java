package dev.junction.infra.instance;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.infra.container.ContainerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackendDefinitionsTest {

    private static BackendDefinition backend(String name, String image) {
        return new BackendDefinition(name, image, JsonNodeFactory.instance.objectNode(), ContainerSpec.Network.NONE);
    }

    private final BackendDefinition file = backend("local", "junction/local-backend:dev");
    private final BackendDefinitions definitions = new BackendDefinitions(List.of(file));

    @Test
    void aRegisteredBackendOverridesTheFilesUntilRemoved() {
        BackendDefinition registered = backend("local", "junction/other:dev");
        assertThat(definitions.take("local", registered, 0)).isTrue();
        assertThat(definitions.get("local")).contains(registered);
        assertThat(definitions.take("local", null, 1)).isTrue();
        assertThat(definitions.get("local")).as("the file's again").contains(file);
    }

    @Test
    void aRemovedBackendTheFileDoesNotDeclareIsGone() {
        definitions.take("pool", backend("pool", "junction/pool:dev"), 0);
        assertThat(definitions.names()).containsExactly("local", "pool");
        definitions.take("pool", null, 1);
        assertThat(definitions.get("pool")).isEmpty();
        assertThat(definitions.names()).containsExactly("local");
    }

    @Test
    void anOlderEventNeverReplacesANewerOne() {
        definitions.take("pool", backend("pool", "junction/pool:dev"), 0);
        definitions.take("pool", null, 1);
        assertThat(definitions.take("pool", backend("pool", "junction/pool:dev"), 0))
                .as("the registration met again (read at start, then by the processor)").isFalse();
        assertThat(definitions.get("pool")).isEmpty();
    }

    @Test
    void registeredOnesFollowTheFilesByName() {
        definitions.take("zeta", backend("zeta", "junction/z:dev"), 0);
        definitions.take("alpha", backend("alpha", "junction/a:dev"), 0);
        assertThat(definitions.names()).containsExactly("local", "alpha", "zeta");
    }
}
