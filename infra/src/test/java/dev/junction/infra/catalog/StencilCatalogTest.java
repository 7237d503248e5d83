package dev.junction.infra.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.instance.ServiceCatalog.Plan;
import dev.junction.infra.catalog.ServiceCatalogFile.DeclaredPlan;
import dev.junction.infra.container.BackendMetadata;
import dev.junction.infra.container.ImageMetadataSource;
import dev.junction.infra.container.InvalidImageException;
import dev.junction.infra.container.StencilMetadata;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class StencilCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Images as an engine would describe them: "good" runs on docker, "k8s-only" on kubernetes, "broken" fails. */
    private final AtomicBoolean engine = new AtomicBoolean(true);
    private final ImageMetadataSource images = new ImageMetadataSource() {
        @Override
        public StencilMetadata stencil(String image) {
            ObjectNode inputs = JSON.createObjectNode();
            inputs.putObject("size").put("type", "string");
            return switch (image) {
                case "junction/good:dev" -> new StencilMetadata("good", "1.0", List.of("docker"), List.of(), inputs);
                case "junction/k8s-only:dev" -> new StencilMetadata("k8s", "1.0", List.of("kubernetes"), List.of(), inputs);
                default -> throw new InvalidImageException("metadata exited 3");
            };
        }

        @Override
        public BackendMetadata backend(String image) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean engineAvailable() {
            return engine.get();
        }
    };

    @Test
    void offersOnlyPlansWhoseStencilWasReadAndFitsTheirInfrastructure() {
        StencilCatalog catalog = new StencilCatalog(List.of(plan("a", "junction/good:dev"),
                plan("b", "junction/k8s-only:dev"), plan("c", "junction/broken:dev")), images);
        assertThat(catalog.plans()).as("nothing before the metadata is read").isEmpty();
        assertThat(catalog.refused()).containsOnlyKeys("a", "b", "c");

        catalog.refresh();

        assertThat(catalog.plans()).extracting(Plan::planId).containsExactly("a");
        Plan a = catalog.plans().get(0);
        assertThat(a.inputsSchema().path("type").asText()).isEqualTo("object");
        assertThat(a.inputsSchema().path("properties").path("size").path("type").asText()).isEqualTo("string");
        assertThat(catalog.refused().get("b")).contains("[kubernetes]").contains("docker");
        assertThat(catalog.refused().get("c")).contains("metadata exited 3");
        assertThat(catalog.complete()).isFalse();
        assertThat(catalog.plan("svc", "c")).as("not offered").isEmpty();
        assertThat(catalog.declaredPlan("svc", "c")).as("but its instances' tasks still find it")
                .hasValueSatisfying(p -> assertThat(p.stencilImage()).isEqualTo("junction/broken:dev"));
        assertThat(catalog.declaredPlan("svc", "nope")).isEmpty();
        assertThat(catalog.serviceDescription("svc")).as("as the file says").contains("a service");
        assertThat(catalog.serviceDescription("other")).isEmpty();
    }

    @Test
    void withoutAnEngineNothingIsOfferedAndAllIsTriedAgainLater() {
        engine.set(false);
        StencilCatalog catalog = new StencilCatalog(List.of(plan("a", "junction/good:dev")), images);
        catalog.refresh();
        assertThat(catalog.plans()).isEmpty();
        assertThat(catalog.refused().get("a")).contains("no container engine");

        engine.set(true);
        catalog.refresh();
        assertThat(catalog.plans()).extracting(Plan::planId).containsExactly("a");
        assertThat(catalog.complete()).isTrue();
    }

    @Test
    void eachPlanCarriesItsStencilsVersionAndImageAsMaintenanceInfoAndItsOsbOptions() {
        DeclaredPlan declared = new DeclaredPlan("svc", "svc", "a service", "a", "a", "", "junction/good:dev", "local",
                "docker", JSON.createObjectNode(), List.of(), 0, true, false, true, 900);
        StencilCatalog catalog = new StencilCatalog(List.of(declared), images, image -> "sha256:abc123");
        assertThat(catalog.declaredPlan("svc", "a")).as("not read yet: no maintenance_info to promise")
                .hasValueSatisfying(p -> assertThat(p.maintenanceInfo()).isNull());
        catalog.refresh();
        Plan a = catalog.plans().get(0);
        assertThat(a.maintenanceInfo().version()).isEqualTo("1.0");
        assertThat(a.maintenanceInfo().description()).contains("junction/good:dev").contains("sha256:abc123");
        assertThat(a.bindingRotatable()).isTrue();
        assertThat(a.maximumPollingDuration()).isEqualTo(900);
    }

    private static DeclaredPlan plan(String id, String image) {
        return new DeclaredPlan("svc", "svc", "a service", id, id, "", image, "local", "docker",
                JSON.createObjectNode(), List.of(), 0, true, false);
    }
}
