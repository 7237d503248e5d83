package dev.junction.infra.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.infra.container.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance upgraded to its plan's newer stencil (OSB maintenance_info): the plan's image tag moves from
 * the dummy stencil (1.0.0) to the osbspec stencil (2.1.0), the broker restarts and offers the new version,
 * and a PATCH naming it runs the new stencil's provision on the instance. The tag is this test's own.
 */
class MaintenanceUpgradeIT {

    static final String TAG = "junction/osbspec-upgrade:it";
    static final String SERVICE = "svc-upgrade";
    static BrokerProcess broker;
    static OsbClient osb;

    @BeforeAll
    static void start() throws Exception {
        TestImages.ensure("local-backend");
        tag(TestImages.ensure("dummy-stencil"));
        Path catalog = Files.createTempFile("services", ".yaml");
        Files.writeString(catalog, """
                backends:
                  - {name: local, image: "junction/local-backend:dev"}
                services:
                  - id: svc-upgrade
                    name: upgrade
                    plans:
                      - {id: upgradable, name: upgradable, stencil: "%s", backend: local}
                """.formatted(TAG));
        broker = BrokerProcess.start("upgrade", BrokerProcess.example("demo.yaml"),
                "--junction.instances.catalog=" + catalog, "--junction.instances.operation-timeout=20s");
        osb = new OsbClient(broker);
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        new ProcessBuilder("docker", "rmi", TAG).redirectErrorStream(true).start().waitFor();
    }

    private static void tag(String image) throws IOException, InterruptedException {
        Process tag = new ProcessBuilder("docker", "tag", image, TAG).redirectErrorStream(true).start();
        assertThat(tag.waitFor()).as(new String(tag.getInputStream().readAllBytes())).isZero();
    }

    private static String planVersion() {
        return osb.await("/v2/catalog", r -> r.status() == 200
                        && r.json().path("services").path(0).path("plans").size() == 1, Duration.ofSeconds(90))
                .json().path("services").path(0).path("plans").path(0).path("maintenance_info").path("version").asText();
    }

    @Test
    void anInstanceIsUpgradedToThePlansNewerStencil() throws Exception {
        assertThat(planVersion()).isEqualTo("1.0.0");
        String path = "/v2/service_instances/" + UUID.randomUUID();
        Map<String, Object> plan = Map.of("service_id", SERVICE, "plan_id", "upgradable");
        osb.awaitOperation(path, osb.put(path + "?accepts_incomplete=true", plan).json().path("operation").asText(),
                Duration.ofSeconds(60));
        assertThat(osb.get(path).json().path("maintenance_info").path("version").asText()).isEqualTo("1.0.0");

        tag(TestImages.ensure("osbspec-stencil"));
        broker.restart();
        assertThat(planVersion()).as("read again at start-up").isEqualTo("2.1.0");
        JsonNode before = osb.get(path).json();
        assertThat(before.path("maintenance_info").path("version").asText()).as("not upgraded by itself")
                .isEqualTo("1.0.0");

        OsbClient.Response stale = osb.patch(path + "?accepts_incomplete=true",
                Map.of("service_id", SERVICE, "maintenance_info", Map.of("version", "1.0.0")));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(422);
        assertThat(stale.json().path("error").asText()).isEqualTo("MaintenanceInfoConflict");
        OsbClient.Response upgrade = osb.patch(path + "?accepts_incomplete=true",
                Map.of("service_id", SERVICE, "maintenance_info", Map.of("version", "2.1.0")));
        assertThat(upgrade.status()).as(upgrade.toString()).isEqualTo(202);
        assertThat(osb.awaitOperation(path, upgrade.json().path("operation").asText(), Duration.ofSeconds(60))
                .json().path("state").asText()).isEqualTo("succeeded");
        JsonNode after = osb.get(path).json();
        assertThat(after.path("maintenance_info").path("version").asText()).isEqualTo("2.1.0");
        assertThat(after.path("maintenance_info").path("description").asText()).contains(TAG);
    }
}
