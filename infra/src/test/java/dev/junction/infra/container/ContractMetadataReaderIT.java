package dev.junction.infra.container;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Image metadata read by running the test images on the real engine. */
class ContractMetadataReaderIT {

    static DockerContainerRuntime docker;
    static final AtomicInteger RUNS = new AtomicInteger();
    static ContractMetadataReader reader;

    @BeforeAll
    static void engine() {
        docker = new DockerContainerRuntime(null, 256 * 1024);
        reader = new ContractMetadataReader(counting(docker), Duration.ofSeconds(20));
    }

    @AfterAll
    static void close() throws Exception {
        docker.close();
    }

    /** The real runtime, counting its runs, to tell a cached answer from a fresh one. */
    static ContainerRuntime counting(ContainerRuntime runtime) {
        return new ContainerRuntime() {
            @Override
            public ContainerResult run(ContainerSpec spec, LogSink sink) {
                RUNS.incrementAndGet();
                return runtime.run(spec, sink);
            }

            @Override
            public List<String> find(Map<String, String> labels) {
                return runtime.find(labels);
            }

            @Override
            public ContainerResult await(String id, Duration timeout, LogSink sink) {
                return runtime.await(id, timeout, sink);
            }

            @Override
            public String imageId(String image) {
                return runtime.imageId(image);
            }

            @Override
            public boolean available() {
                return runtime.available();
            }
        };
    }

    @Test
    void readsTheDummyStencil() {
        StencilMetadata metadata = reader.stencil(TestImages.ensure("dummy-stencil"));
        assertThat(metadata.name()).isEqualTo("Dummy");
        assertThat(metadata.version()).isEqualTo("1.0.0");
        assertThat(metadata.infrastructures()).containsExactly("docker", "kubernetes", "bosh");
        assertThat(metadata.files()).singleElement().satisfies(f -> {
            assertThat(f.filename()).isEqualTo("instance.txt");
            assertThat(f.description()).contains("size");
        });
        assertThat(metadata.inputs().at("/size/enum").toString()).isEqualTo("[\"small\",\"large\"]");
        assertThat(reader.engineAvailable()).isTrue();
    }

    @Test
    void readsTheLocalBackend() {
        BackendMetadata metadata = reader.backend(TestImages.ensure("local-backend"));
        assertThat(metadata.name()).isEqualTo("Local");
        assertThat(metadata.summary()).contains("pretend cloud");
        assertThat(metadata.authors()).containsExactly("Junction developers");
        assertThat(metadata.iconBase64()).isEqualTo("iVBORw0KGgo=");
        assertThat(metadata.inputs().has("region")).isTrue();
    }

    @Test
    void namesWhatABrokenImageGotWrong() {
        assertThatThrownBy(() -> reader.stencil(TestImages.ensure("badmeta-stencil")))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("image junction/badmeta-stencil:dev: metadata lacks \"version\"");
        assertThatThrownBy(() -> reader.stencil(TestImages.ensure("garbled-stencil")))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("metadata is not well-formed YAML");
        // the probe runs its argument as a command: there is no command "metadata"
        assertThatThrownBy(() -> reader.stencil(TestImages.ensure("probe")))
                .isInstanceOf(InvalidImageException.class).hasMessageEndingWith("metadata exited 127");
        // a backend is not a stencil
        assertThatThrownBy(() -> reader.stencil(TestImages.ensure("local-backend")))
                .isInstanceOf(InvalidImageException.class).hasMessageEndingWith("metadata lacks \"tweed\"");
        assertThatThrownBy(() -> reader.stencil("junction/never-built:dev"))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("not on the container engine");
        // a stencil whose other operations fail still has good metadata
        assertThat(reader.stencil(TestImages.ensure("fail-stencil")).name()).isEqualTo("Failing");
    }

    @Test
    void cachesByImageIdSoARetaggedImageIsReadAgain() throws Exception {
        String tag = "junction/retag-test:dev";
        DockerContainerRuntimeIT.docker("tag", TestImages.ensure("dummy-stencil"), tag);
        int before = RUNS.get();
        assertThat(reader.stencil(tag).name()).isEqualTo("Dummy");
        assertThat(reader.stencil(tag).name()).isEqualTo("Dummy");
        assertThat(RUNS.get() - before).isEqualTo(1);
        DockerContainerRuntimeIT.docker("tag", TestImages.ensure("fail-stencil"), tag);
        assertThat(reader.stencil(tag).name()).isEqualTo("Failing");
        assertThat(RUNS.get() - before).isEqualTo(2);
        DockerContainerRuntimeIT.docker("rmi", tag);
    }
}
