package dev.junction.infra.catalog;

import dev.junction.infra.catalog.ServiceCatalogFile.Declared;
import dev.junction.infra.catalog.ServiceCatalogFile.DeclaredPlan;
import dev.junction.infra.container.ContainerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceCatalogFileTest {

    @TempDir
    Path dir;

    @Test
    void theShippedExampleReadsWithEveryPlanOnADeclaredBackend() throws IOException {
        Declared declared = ServiceCatalogFile.read(Path.of("../docs/examples/services.yaml"), name -> null);
        assertThat(declared.backends()).extracting(b -> b.name()).containsExactly("local", "postgresql");
        assertThat(declared.backends().get(1).network()).isEqualTo(ContainerSpec.Network.HOST);
        assertThat(declared.backends().get(1).config().path("host").asText()).as("default of ${...:-...}")
                .isEqualTo("127.0.0.1");
        assertThat(declared.plans()).extracting(DeclaredPlan::planName)
                .containsExactly("small", "large", "shared", "dedicated");
        DeclaredPlan large = declared.plans().get(1);
        assertThat(large.fixedInputs()).containsExactly("size");
        assertThat(large.inputs().path("size").asText()).isEqualTo("large");
        assertThat(declared.plans().get(0).instanceLimit()).isEqualTo(100);
        assertThat(declared.plans().get(0).planUpdatable()).isTrue();
    }

    @Test
    void aValueNamingAVariableIsReadFromTheEnvironment() throws IOException {
        Path file = write("""
                backends:
                  - {name: b, image: junction/x:dev, config: {password: "${SECRET}", keep: "a ${SECRET}"}}
                services: []
                """);
        Declared declared = ServiceCatalogFile.read(file, Map.of("SECRET", "s3cret")::get);
        assertThat(declared.backends().get(0).config().path("password").asText()).isEqualTo("s3cret");
        assertThat(declared.backends().get(0).config().path("keep").asText()).as("only whole values")
                .isEqualTo("a ${SECRET}");
        assertThatThrownBy(() -> ServiceCatalogFile.read(file, name -> null))
                .hasMessageContaining("${SECRET}").hasMessageContaining("not set");
    }

    @Test
    void aPlanMayAllowBindingRotationAndBoundItsPollingDuration() throws IOException {
        Path file = write("""
                backends: [{name: b, image: junction/x:dev}]
                services:
                  - {id: s, name: s, plans: [{id: p, name: p, stencil: junction/s:dev, backend: b,
                      binding_rotatable: true, maximum_polling_duration: 900},
                     {id: q, name: q, stencil: junction/s:dev, backend: b}]}
                """);
        Declared declared = ServiceCatalogFile.read(file, name -> null);
        assertThat(declared.plans().get(0).bindingRotatable()).isTrue();
        assertThat(declared.plans().get(0).maximumPollingDuration()).isEqualTo(900);
        assertThat(declared.plans().get(1).bindingRotatable()).as("default").isFalse();
        assertThat(declared.plans().get(1).maximumPollingDuration()).as("none").isZero();
        String backend = "backends: [{name: b, image: junction/x:dev}]\n";
        for (String bad : new String[]{"0", "-5", "1.5", "\"60\"", "604801"}) {
            assertRefused(backend + "services: [{id: s, name: s, plans: [{id: p, name: p, stencil: junction/s:dev, "
                    + "backend: b, maximum_polling_duration: " + bad + "}]}]", "services[0].plans[0].maximum_polling_duration");
        }
        assertRefused(backend + "services: [{id: s, name: s, plans: [{id: p, name: p, stencil: junction/s:dev, "
                + "backend: b, binding_rotatable: yes please}]}]", "services[0].plans[0].binding_rotatable");
    }

    @Test
    void mistakesStopTheBrokerNamingTheField() throws IOException {
        String backend = "backends: [{name: b, image: junction/x:dev}]\n";
        assertRefused(backend + "services: [{id: s, name: s, plans: [{id: p, name: p, stencil: junction/s:dev, backend: nope}]}]",
                "services[0].plans[0].backend");
        assertRefused(backend + "services: [{id: s, name: s, plans: [{id: p, name: p, stencil: junction/s:dev, backend: b, infrastructure: vms}]}]",
                "services[0].plans[0].infrastructure");
        assertRefused(backend + "services: [{id: s, name: s, plans: [{id: s, name: p, stencil: junction/s:dev, backend: b}]}]",
                "services[0].plans[0].id 's' is declared twice");
        assertRefused(backend + "services: [{id: s, name: s, plans: []}]", "services[0].plans");
        assertRefused(backend + "services: [{id: 's/x', name: s, plans: [{id: p}]}]", "services[0].id");
        assertRefused(backend + "services: [{id: s, name: s, plans: [{id: p, name: p, stencil: 'Bad Image', backend: b}]}]",
                "services[0].plans[0].stencil");
        assertRefused("backends: [{name: b, image: junction/x:dev, network: bridge}]\nservices: []", "backends[0].network");
        assertRefused(backend + "services: [{id: s, name: s, plans: [{id: p, name: p, stencil: junction/s:dev, backend: b, limit: -1}]}]",
                "services[0].plans[0].limit");
    }

    private void assertRefused(String yaml, String field) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> ServiceCatalogFile.read(file, name -> null)).hasMessageContaining(field);
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "services", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
