package dev.junction.infra.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.infra.container.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backends an operator registers through the API, on a broker process and the real engine: configured
 * and checked once registered, FAILED naming the field when the config does not suit the image's inputs,
 * still there after a restart (replayed from their events), overriding a file backend of the same name
 * until removed.
 */
class BackendRegistrationIT {

    static final String IMAGE = "junction/local-backend:dev";
    static BrokerProcess broker;
    static OsbClient osb;

    @BeforeAll
    static void start() throws IOException {
        TestImages.ensure("local-backend");
        Path catalog = Files.createTempFile("services", ".yaml");
        Files.writeString(catalog, """
                backends:
                  - {name: local, image: "junction/local-backend:dev", config: {region: file}}
                services: []
                """);
        broker = BrokerProcess.start("backends", BrokerProcess.example("demo.yaml"),
                "--junction.instances.catalog=" + catalog);
        osb = new OsbClient(broker);
        await("local", "READY");
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void registeredConfiguredFailedRestartedRemoved() throws IOException {
        String secret = "s3cret-" + UUID.randomUUID();
        OsbClient.Response put = osb.put("/b/backends/pool", Map.of("image", IMAGE,
                "config", Map.of("region", secret), "network", "none"));
        assertThat(put.status()).as(put.toString()).isEqualTo(202);
        JsonNode ready = await("pool", "READY");
        assertThat(ready.path("image").asText()).isEqualTo(IMAGE);
        assertThat(ready.path("metadata").path("name").asText()).isEqualTo("Local");

        assertThat(osb.put("/b/backends/pool", Map.of("image", IMAGE, "config", Map.of("region", secret),
                "network", "none")).status()).as("the same registration again").isEqualTo(202);
        OsbClient.Response bridge = osb.put("/b/backends/pool", Map.of("image", IMAGE, "network", "bridge"));
        assertThat(bridge.status()).isEqualTo(400);
        assertThat(bridge.toString()).contains("network");
        OsbClient.Response upper = osb.put("/b/backends/pool", Map.of("image", "Junction/Local"));
        assertThat(upper.status()).isEqualTo(400);
        assertThat(upper.toString()).contains("image");
        OsbClient.Response notAnObject = osb.put("/b/backends/pool", Map.of("image", IMAGE, "config", "x"));
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.toString()).contains("config");
        assertThat(osb.put("/b/backends/pool", "{\"image\":").status()).as("not JSON").isEqualTo(400);
        assertThat(backend("pool").path("state").asText()).as("a 4xx changes nothing").isEqualTo("READY");

        OsbClient.Response bad = osb.put("/b/backends/pool", Map.of("image", IMAGE, "config", Map.of("region", 5)));
        assertThat(bad.status()).as("recorded: the image's inputs are checked when it is configured").isEqualTo(202);
        JsonNode failed = await("pool", "FAILED");
        assertThat(failed.path("message").asText()).startsWith("configuration: ").contains("region");
        assertThat(osb.send("POST", "/b/backends/pool/check", null, null).json().path("message").asText())
                .as("nothing configured to check: the reason stands").contains("region");

        broker.restart();
        JsonNode replayed = await("pool", "FAILED");
        assertThat(replayed.path("message").asText()).as("its latest registration, replayed").contains("region");

        assertThat(osb.put("/b/backends/pool", Map.of("image", IMAGE, "config", Map.of("region", secret)))
                .status()).isEqualTo(202);
        await("pool", "READY");
        assertThat(osb.send("POST", "/b/backends/pool/check", null, null).json().path("state").asText())
                .isEqualTo("READY");
        assertThat(osb.get("/b/backends").toString()).as("the config is never shown").doesNotContain(secret);
        assertNotInLogsOrStores(secret);

        assertThat(osb.delete("/b/backends/pool").status()).isEqualTo(204);
        osb.await("/b/backends", r -> find(r.json(), "pool") == null, Duration.ofSeconds(30));
        assertThat(osb.delete("/b/backends/pool").status()).as("removed already").isEqualTo(404);
        assertThat(osb.delete("/b/backends/never").status()).isEqualTo(404);
    }

    @Test
    void aRegisteredBackendOverridesTheFilesUntilRemoved() {
        assertThat(osb.delete("/b/backends/local").status()).as("the file's own is not removable").isEqualTo(404);
        assertThat(osb.put("/b/backends/local", Map.of("image", "junction/no-such-image:dev")).status())
                .isEqualTo(202);
        JsonNode overridden = await("local", "FAILED");
        assertThat(overridden.path("image").asText()).isEqualTo("junction/no-such-image:dev");
        assertThat(overridden.path("message").asText()).startsWith("image:");

        assertThat(osb.delete("/b/backends/local").status()).isEqualTo(204);
        JsonNode fallen = await("local", "READY");
        assertThat(fallen.path("image").asText()).as("the file's backend again").isEqualTo(IMAGE);
    }

    private static JsonNode backend(String name) {
        return find(osb.get("/b/backends").json(), name);
    }

    private static JsonNode find(JsonNode backends, String name) {
        for (JsonNode b : backends) {
            if (b.path("name").asText().equals(name)) {
                return b;
            }
        }
        return null;
    }

    private static JsonNode await(String name, String state) {
        return find(osb.await("/b/backends", r -> {
            JsonNode b = find(r.json(), name);
            return b != null && b.path("state").asText().equals(state);
        }, Duration.ofSeconds(90)).json(), name);
    }

    /** Not in the log, nor in the stores (the configured directory the containers mount is the backend's own). */
    private static void assertNotInLogsOrStores(String secret) throws IOException {
        assertThat(Files.readString(broker.logFile())).doesNotContain(secret);
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        Path containers = broker.dataDir().resolve("containers");
        try (Stream<Path> files = Files.walk(broker.dataDir())) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(containers)).toList()) {
                assertThat(indexOf(Files.readAllBytes(file), needle)).as("secret in " + file).isNegative();
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
