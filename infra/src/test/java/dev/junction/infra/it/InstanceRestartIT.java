package dev.junction.infra.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.infra.container.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker killed while an instance's container runs: after the restart it finds the labelled container,
 * awaits it and reports its outcome, so the operation ends as the container did, never stuck in progress.
 */
class InstanceRestartIT {

    static BrokerProcess broker;
    static OsbClient osb;

    @BeforeAll
    static void start() throws Exception {
        TestImages.ensure("slow-stencil");
        TestImages.ensure("local-backend");
        Path catalog = Files.createTempFile("services", ".yaml");
        Files.writeString(catalog, """
                backends:
                  - {name: local, image: "junction/local-backend:dev"}
                services:
                  - id: svc-slow
                    name: slow
                    plans:
                      - {id: slow, name: slow, stencil: "junction/slow-stencil:dev", backend: local}
                """);
        broker = BrokerProcess.start("instance-restart", BrokerProcess.example("demo.yaml"),
                "--junction.instances.catalog=" + catalog);
        osb = new OsbClient(broker);
        osb.await("/v2/catalog", r -> r.status() == 200 && r.json().path("services").size() == 1, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anOperationCutByACrashEndsAsItsContainerDid() {
        String id = UUID.randomUUID().toString();
        String path = "/v2/service_instances/" + id;
        OsbClient.Response accepted = osb.put(path + "?accepts_incomplete=true",
                Map.of("service_id", "svc-slow", "plan_id", "slow"));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        osb.await("/b/instances/" + id, r -> r.json().path("tasks").path(0).path("steps").toString().contains("\"setup\""),
                Duration.ofSeconds(30));
        OsbClient.sleep(1_500); // the stencil's container now runs (it takes 8 s)

        broker.crash();
        broker.startAgain();

        OsbClient.Response done = osb.awaitOperation(path, accepted.json().path("operation").asText(),
                Duration.ofSeconds(120));
        assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
        JsonNode steps = osb.await("/b/instances/" + id, r -> r.json().path("tasks").path(0).path("steps").toString()
                .contains("\"teardown\""), Duration.ofSeconds(60)).json().path("tasks").path(0).path("steps");
        assertThat(steps).extracting(s -> s.path("step").asText() + ":" + s.path("attempt").asInt())
                .as("the stencil ran once, awaited across the restart").containsExactly("setup:1", "stencil:1", "teardown:1");
        assertThat(osb.text("/b/instances/" + id + "/tasks/1/log")).contains("provisioned a small dummy");
    }
}
