package dev.junction.infra.instance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Backends configured and checked at start, their configuration kept sealed, a check run again. */
class BackendRegistryIT {

    static TaskHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new TaskHarness(Duration.ofSeconds(30), List.of(
                TaskHarness.backend("local", "local-backend", "here"),
                TaskHarness.backend("misconfigured", "local-backend", null),
                new BackendDefinition("absent", "junction/no-such-image:dev", null, null)));
        harness.backends.configureAll();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void aWellConfiguredBackendIsReadyAndItsConfigurationIsKeptSealed() throws Exception {
        BackendRegistry.Status status = harness.backends.status("local").orElseThrow();
        assertThat(status.state()).as(status.message()).isEqualTo(BackendRegistry.State.READY);
        assertThat(status.metadata().name()).isEqualTo("Local");
        byte[] stored = harness.jdbc.queryForObject("SELECT sealed_config FROM backend_configs WHERE name = 'local'",
                byte[].class);
        byte[] archive = new BackendConfigs(harness.jdbc, harness.master).config("local").orElseThrow();
        assertThat(stored).isNotEqualTo(archive);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("config.json");
        Path unpacked = Files.createTempDirectory("backend-config");
        DirArchive.unpack(archive, unpacked, 1 << 20);
        assertThat(unpacked.resolve("config.json")).hasContent("{\"region\":\"here\"}");
        DirArchive.delete(unpacked);
    }

    @Test
    void aConfigurationAgainstTheBackendsInputsFailsNamingTheField() {
        BackendRegistry.Status status = harness.backends.status("misconfigured").orElseThrow();
        assertThat(status.state()).isEqualTo(BackendRegistry.State.FAILED);
        assertThat(status.message()).startsWith("configuration: config.data.region");
    }

    @Test
    void anImageThatCannotBeReadFails() {
        BackendRegistry.Status status = harness.backends.status("absent").orElseThrow();
        assertThat(status.state()).isEqualTo(BackendRegistry.State.FAILED);
        assertThat(status.message()).startsWith("image:");
    }

    @Test
    void aCheckRunsAgainOnTheKeptConfigurationEvenWhenItsDirectoryIsGone() {
        DirArchive.delete(harness.backends.configDir("local"));
        BackendRegistry.Status status = harness.backends.check("local");
        assertThat(status.state()).as(status.message()).isEqualTo(BackendRegistry.State.READY);
        assertThat(harness.backends.configDir("local").resolve("config.json")).exists();
    }
}
