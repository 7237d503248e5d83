package dev.junction.infra.container;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A limited $CREDSTORE written by containers on the real engine. */
class LimitedDirectoryIT {

    static DockerContainerRuntime runtime;

    @BeforeAll
    static void engine() {
        runtime = new DockerContainerRuntime(null, 64 * 1024);
    }

    @AfterAll
    static void close() throws Exception {
        runtime.close();
    }

    static ContainerResult provision(Path credstore) {
        return runtime.run(new ContainerSpec(TestImages.ensure("overflow-stencil"), "provision",
                Map.of("HOME", "/tweed/home", "CREDSTORE", "/tweed/credstore"),
                List.of(new ContainerSpec.Mount(credstore, "/tweed/credstore", false)),
                Map.of("/tweed/home", 1L << 20), null, ContainerSpec.Network.NONE, 64L << 20, 32, true,
                Duration.ofSeconds(30), Map.of()), ContainerRuntime.LogSink.NONE);
    }

    @Test
    void aContainerWritingPastTheLimitGetsAnIoError(@TempDir Path dir) throws Exception {
        try (LimitedDirectory credstore = LimitedDirectory.create(dir.resolve("credstore"), 1L << 20)) {
            // the broker runs as root here, so the limit is a tmpfs
            assertThat(credstore.enforcedByFilesystem()).isTrue();
            ContainerResult result = provision(credstore.path());
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(new String(result.stdout(), StandardCharsets.UTF_8))
                    .contains("writing 2 MiB into CREDSTORE failed").contains("No space left on device");
            assertThat(credstore.usedBytes()).isLessThanOrEqualTo(1L << 20);
        }
        assertThat(dir.resolve("credstore")).doesNotExist();
    }

    @Test
    void aContainerWritingWithinTheLimitSucceeds(@TempDir Path dir) throws Exception {
        try (LimitedDirectory credstore = LimitedDirectory.create(dir.resolve("credstore"), 4L << 20)) {
            ContainerResult result = provision(credstore.path());
            assertThat(result.exitCode()).as(new String(result.log(), StandardCharsets.UTF_8)).isZero();
            assertThat(Files.size(credstore.path().resolve("big"))).isEqualTo(2L << 20);
            assertThat(credstore.usedBytes()).isGreaterThanOrEqualTo(2L << 20);
            assertThat(credstore.exceeded()).isFalse();
        }
    }

    @Test
    void withoutAMountAWriteBeyondTheLimitIsReportedAfterTheRun(@TempDir Path dir) throws Exception {
        try (LimitedDirectory credstore = LimitedDirectory.checked(dir.resolve("credstore"), 1L << 20)) {
            assertThat(credstore.enforcedByFilesystem()).isFalse();
            assertThat(credstore.exceeded()).isFalse();
            ContainerResult result = provision(credstore.path());
            assertThat(result.exitCode()).isZero();
            assertThat(credstore.exceeded()).isTrue();
        }
        assertThat(dir.resolve("credstore")).doesNotExist();
    }
}
