package dev.junction.infra.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A resources file may only declare ids and names a path can address under the id rule. */
class CatalogLoaderIdsTest {

    @TempDir
    Path dir;

    private Path resources(String resourceId, String blueprintName) throws IOException {
        return Files.writeString(dir.resolve("resources.yaml"), """
                resources:
                  - id: "%s"
                    offers:
                      - name: "%s"
                        protos: [https]
                """.formatted(resourceId, blueprintName));
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "a/b", "-lead", ".."})
    void aBlueprintNameOutsideTheIdRuleStopsTheStart(String name) throws IOException {
        Path file = resources("backend", name);

        assertThatThrownBy(() -> CatalogLoader.resources(file, CatalogLoader.templates(null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("offers[0].name");
    }

    @Test
    void aResourceIdLongerThanAnIdStopsTheStart() throws IOException {
        Path file = resources("r".repeat(201), "https");

        assertThatThrownBy(() -> CatalogLoader.resources(file, CatalogLoader.templates(null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("resources[0].id");
    }

    @Test
    void theExamplesFollowTheRule() throws IOException {
        for (String example : new String[]{"demo.yaml", "provider.yaml", "consumer.yaml"}) {
            Path file = Path.of("../docs/examples", example);
            assertThat(CatalogLoader.resources(file, CatalogLoader.templates(null)).byId()).isNotEmpty();
        }
    }
}
