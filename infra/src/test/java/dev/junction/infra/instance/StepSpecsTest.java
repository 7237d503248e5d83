package dev.junction.infra.instance;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.api.instance.Operation;
import dev.junction.api.instance.ServiceCatalog.Plan;
import dev.junction.api.instance.Step;
import dev.junction.infra.config.InstanceSettings;
import dev.junction.infra.container.ContainerSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stencil container's variables: the setup's, under the contract's own, which they never replace. */
class StepSpecsTest {

    static final InstanceSettings SETTINGS = new InstanceSettings(null, null, null, null, null, null, 0, null, null, 0,
            null, null, "unix:///run/engine.sock", null, Map.of("BOSH_CLIENT", "director-client"));

    static Plan plan(String infrastructure) {
        return new Plan("s", "s", "p", "p", "", "stencil:1", "local", infrastructure,
                JsonNodeFactory.instance.objectNode(), List.of(), JsonNodeFactory.instance.objectNode(), 0, true, true);
    }

    static ContainerSpec spec(Operation operation, String infrastructure, Map<String, String> setupEnv) {
        StepSpecs specs = new StepSpecs(SETTINGS, "unix:///var/run/docker.sock");
        Path dir = Path.of("/work/step");
        return specs.stencil(new StepKey("inst:1", 2, Step.STENCIL, 1), operation, plan(infrastructure),
                new BackendDefinition("local", "backend:1", null, null), setupEnv,
                new StepSpecs.StencilDirs(dir.resolve("credstore"), dir.resolve("inputs.json"), null, null));
    }

    @Test
    void theSetupsVariablesArePassedButNeverReplaceTheContractsOwn() {
        ContainerSpec spec = spec(Operation.BIND, "kubernetes", Map.of("HOME", "/elsewhere", "CREDSTORE", "/tmp",
                "INFRASTRUCTURE", "bosh", "BACKEND_TOKEN", "t"));
        assertThat(spec.env()).containsEntry("HOME", "/tweed/home").containsEntry("CREDSTORE", "/tweed/credstore")
                .containsEntry("INFRASTRUCTURE", "kubernetes").containsEntry("BACKEND_TOKEN", "t")
                .doesNotContainKeys("OUTPUTS", "BINDING");
        assertThat(spec.argument()).isEqualTo("bind");
        assertThat(spec.mounts()).contains(new ContainerSpec.Mount(Path.of("/work/step/credstore"), "/tweed/credstore",
                true));
        assertThat(spec.labels()).containsEntry("dev.junction.instance", "inst:1").containsEntry("dev.junction.task", "2")
                .containsEntry("dev.junction.step", "stencil").containsEntry("dev.junction.attempt", "1")
                .containsEntry("dev.junction.operation", "bind");
        assertThat(spec.network()).isEqualTo(ContainerSpec.Network.NONE);
        assertThat(spec.tmpfs()).containsKey("/tweed/home");
        assertThat(spec.readOnlyRoot()).isTrue();
    }

    @Test
    void dockerInstancesGetTheConfiguredEngineOnTheHostNetwork() {
        ContainerSpec spec = spec(Operation.PROVISION, "docker", Map.of("DOCKER_HOST", "tcp://elsewhere:2375"));
        assertThat(spec.env()).containsEntry("DOCKER_HOST", "unix:///var/run/docker.sock");
        assertThat(spec.mounts()).contains(new ContainerSpec.Mount(Path.of("/run/engine.sock"), "/var/run/docker.sock",
                false));
        assertThat(spec.network()).isEqualTo(ContainerSpec.Network.HOST);
        assertThat(spec.mounts()).filteredOn(m -> m.containerPath().equals("/tweed/credstore"))
                .extracting(ContainerSpec.Mount::readOnly).containsExactly(false);
    }

    @Test
    void boshInstancesGetTheDirectorsVariablesAndADeploymentNamedAfterThem() {
        ContainerSpec spec = spec(Operation.DEPROVISION, "bosh", Map.of());
        assertThat(spec.env()).containsEntry("BOSH_CLIENT", "director-client")
                .containsEntry("BOSH_DEPLOYMENT", "junction-inst-1").doesNotContainKey("DOCKER_HOST");
    }
}
