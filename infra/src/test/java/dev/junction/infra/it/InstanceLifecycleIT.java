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
 * Service instances end to end, as a platform and an operator see them: a broker process with a catalog
 * of the test images on the real engine, driven over OSB 2.17 and the operator routes only.
 */
class InstanceLifecycleIT {

    static final String SERVICE = "svc-dummy";
    static BrokerProcess broker;
    static OsbClient osb;

    @BeforeAll
    static void start() throws IOException {
        Stream.of("dummy-stencil", "local-backend", "fail-stencil", "hang-stencil", "flaky-backend",
                "badyaml-stencil", "badmeta-stencil", "osbspec-stencil").forEach(TestImages::ensure);
        Path catalog = Files.createTempFile("services", ".yaml");
        Files.writeString(catalog, """
                backends:
                  - {name: local, image: "junction/local-backend:dev"}
                  - {name: flaky, image: "junction/flaky-backend:dev", config: {region: eu}}
                services:
                  - id: svc-dummy
                    name: dummy
                    bindable: true
                    plan_updateable: true
                    plans:
                      - {id: small, name: small, stencil: "junction/dummy-stencil:dev", backend: local, inputs: {size: small}}
                      - {id: single, name: single, stencil: "junction/dummy-stencil:dev", backend: local, limit: 1}
                      - {id: failing, name: failing, stencil: "junction/fail-stencil:dev", backend: local}
                      - {id: hanging, name: hanging, stencil: "junction/hang-stencil:dev", backend: local}
                      - {id: flaky, name: flaky, stencil: "junction/dummy-stencil:dev", backend: flaky}
                      - {id: badyaml, name: badyaml, stencil: "junction/badyaml-stencil:dev", backend: local}
                      - {id: broken, name: broken, stencil: "junction/badmeta-stencil:dev", backend: local}
                      - {id: rotating, name: rotating, stencil: "junction/osbspec-stencil:dev", backend: local,
                         binding_rotatable: true}
                      - {id: limited, name: limited, stencil: "junction/hang-stencil:dev", backend: local,
                         maximum_polling_duration: 2}
                """);
        broker = BrokerProcess.start("instances", BrokerProcess.example("demo.yaml"),
                "--junction.instances.catalog=" + catalog, "--junction.instances.operation-timeout=6s",
                "--junction.instances.teardown-retry=500ms");
        osb = new OsbClient(broker);
        osb.await("/v2/catalog", r -> r.status() == 200 && r.json().path("services").path(0).path("plans").size() == 8,
                Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theCatalogDerivesEachPlansSchemaFromItsStencil() {
        JsonNode service = osb.get("/v2/catalog").json().path("services").path(0);
        assertThat(service.path("instances_retrievable").asBoolean()).isTrue();
        assertThat(service.path("bindings_retrievable").asBoolean()).isTrue();
        JsonNode small = service.path("plans").path(0);
        assertThat(small.path("schemas").path("service_instance").path("create").path("parameters")
                .path("properties").path("size").path("enum").toString()).isEqualTo("[\"small\",\"large\"]");
        assertThat(service.path("plans").toString()).as("a stencil whose metadata breaks the contract")
                .doesNotContain("\"broken\"");
        assertThat(osb.get("/b/catalog").json().path("not_offered").path("broken").asText()).contains("version");
        assertThat(osb.send("GET", "/v2/catalog", null, null).status()).as("no version header").isEqualTo(412);
        assertThat(osb.send("GET", "/v2/catalog", null, "2.12").status()).as("too old").isEqualTo(412);
    }

    @Test
    void provisionBindUnbindDeprovisionOnTheEngine() throws IOException {
        String id = UUID.randomUUID().toString();
        String path = "/v2/service_instances/" + id;
        Map<String, Object> body = Map.of("service_id", SERVICE, "plan_id", "small",
                "parameters", Map.of("size", "large"), "organization_guid", "org", "space_guid", "space");

        assertThat(osb.put(path, body).status()).as("accepts_incomplete is required").isEqualTo(422);
        OsbClient.Response accepted = osb.put(path + "?accepts_incomplete=true", body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String operation = accepted.json().path("operation").asText();
        OsbClient.Response running = osb.put(path + "?accepts_incomplete=true", body);
        assertThat(running.json().path("operation").asText()).as("same request, same operation").isEqualTo(operation);

        OsbClient.Response done = osb.awaitOperation(path, operation, Duration.ofSeconds(60));
        assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(osb.put(path + "?accepts_incomplete=true", body).status()).as("identical, done").isEqualTo(200);
        assertThat(osb.put(path + "?accepts_incomplete=true", Map.of("service_id", SERVICE, "plan_id", "single"))
                .status()).as("same id, other attributes").isEqualTo(409);
        JsonNode fetched = osb.get(path).json();
        assertThat(fetched.path("plan_id").asText()).isEqualTo("small");
        assertThat(fetched.path("parameters").path("size").asText()).isEqualTo("large");

        String binding = path + "/service_bindings/b-" + id;
        OsbClient.Response bind = osb.put(binding + "?accepts_incomplete=true",
                Map.of("service_id", SERVICE, "plan_id", "small"));
        assertThat(bind.status()).as(bind.toString()).isEqualTo(202);
        assertThat(osb.awaitOperation(binding, bind.json().path("operation").asText(), Duration.ofSeconds(60))
                .json().path("state").asText()).isEqualTo("succeeded");
        JsonNode credentials = osb.get(binding).json().path("credentials");
        assertThat(credentials.path("username").asText()).isEqualTo("dummy");
        String password = credentials.path("password").asText();
        assertThat(password).hasSize(32);
        assertNowhereInPlainText(password);
        OsbClient.Response again = osb.put(binding + "?accepts_incomplete=true", Map.of("service_id", SERVICE, "plan_id", "small"));
        assertThat(again.status()).as("identical bind, done").isEqualTo(200);
        assertThat(again.json().path("credentials").path("password").asText()).isEqualTo(password);

        OsbClient.Response unbind = osb.delete(binding + "?accepts_incomplete=true&service_id=" + SERVICE + "&plan_id=small");
        assertThat(unbind.status()).as(unbind.toString()).isEqualTo(202);
        osb.awaitOperation(binding, unbind.json().path("operation").asText(), Duration.ofSeconds(60));
        assertThat(osb.get(binding).status()).as("unbound").isEqualTo(404);

        OsbClient.Response deprovision = osb.delete(path + "?accepts_incomplete=true&service_id=" + SERVICE + "&plan_id=small");
        assertThat(deprovision.status()).as(deprovision.toString()).isEqualTo(202);
        OsbClient.Response gone = osb.awaitOperation(path, deprovision.json().path("operation").asText(),
                Duration.ofSeconds(60));
        assertThat(gone.status()).as("a finished deprovision is gone").isEqualTo(410);
        assertThat(osb.get(path).status()).isEqualTo(404);
        assertThat(osb.delete(path + "?accepts_incomplete=true&service_id=" + SERVICE + "&plan_id=small").status())
                .isEqualTo(410);

        JsonNode operator = osb.get("/b/instances/" + id).json();
        assertThat(operator.path("tasks")).hasSize(4);
        JsonNode provision = operator.path("tasks").path(0);
        assertThat(provision.path("steps")).extracting(s -> s.path("step").asText() + ":" + s.path("exit_code").asInt())
                .containsExactly("setup:0", "stencil:0", "teardown:0");
        assertThat(operator.path("history").toString()).contains("platform-user");
        assertThat(osb.send("POST", "/b/instances/" + id + "/tasks/1/retry-teardown", null, null).status())
                .as("its teardown succeeded: nothing to retry").isEqualTo(409);
        assertThat(osb.send("POST", "/b/instances/" + id + "/tasks/x/retry-teardown", null, null).status())
                .isEqualTo(400);
        String log = osb.text("/b/instances/" + id + "/tasks/1/log");
        assertThat(log).contains("provisioned a large dummy");
    }

    @Test
    void badParametersAreRefusedNamingTheFieldAndChangeNothing() {
        String id = UUID.randomUUID().toString();
        OsbClient.Response refused = osb.put("/v2/service_instances/" + id + "?accepts_incomplete=true",
                Map.of("service_id", SERVICE, "plan_id", "small", "parameters", Map.of("size", "huge")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("description").asText()).contains("parameters.size");
        assertThat(osb.put("/v2/service_instances/" + id + "?accepts_incomplete=true",
                Map.of("service_id", SERVICE, "plan_id", "nope")).json().path("description").asText()).contains("plan_id");
        assertThat(osb.get("/v2/service_instances/" + id).status()).isEqualTo(404);
        assertThat(osb.get("/b/instances/" + id).status()).isEqualTo(404);
    }

    @Test
    void aFailedProvisionIsReportedAsFailedNeverAsAServerError() {
        String id = UUID.randomUUID().toString();
        String path = "/v2/service_instances/" + id;
        OsbClient.Response accepted = osb.put(path + "?accepts_incomplete=true", Map.of("service_id", SERVICE, "plan_id", "failing"));
        OsbClient.Response failed = osb.awaitOperation(path, accepted.json().path("operation").asText(), Duration.ofSeconds(60));
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().path("state").asText()).isEqualTo("failed");
        assertThat(failed.json().path("description").asText()).contains("exit");
        assertThat(osb.get("/b/instances/" + id).json().path("state").asText()).isEqualTo("failed");

        assertThat(osb.send("POST", "/b/instances/" + id + "/purge", null, null).status()).isEqualTo(200);
        JsonNode purged = osb.get("/b/instances/" + id).json();
        assertThat(purged.path("purged").asBoolean()).as("the audit trail stays, marked purged").isTrue();
        assertThat(purged.path("history").toString()).contains("InstancePurged");
    }

    @Test
    void aPlanLimitIsKeptAndASecondOperationWhileOneRunsIsRefused() {
        String first = UUID.randomUUID().toString();
        assertThat(osb.put("/v2/service_instances/" + first + "?accepts_incomplete=true",
                Map.of("service_id", SERVICE, "plan_id", "single")).status()).isEqualTo(202);
        OsbClient.Response full = osb.put("/v2/service_instances/" + UUID.randomUUID() + "?accepts_incomplete=true",
                Map.of("service_id", SERVICE, "plan_id", "single"));
        assertThat(full.status()).as(full.toString()).isEqualTo(422);

        String hanging = UUID.randomUUID().toString();
        String path = "/v2/service_instances/" + hanging;
        String operation = osb.put(path + "?accepts_incomplete=true", Map.of("service_id", SERVICE, "plan_id", "hanging"))
                .json().path("operation").asText();
        assertThat(osb.send("POST", "/b/instances/" + hanging + "/purge", null, null).status())
                .as("a running instance cannot be purged").isEqualTo(409);
        OsbClient.Response busy = osb.patch(path + "?accepts_incomplete=true",
                Map.of("service_id", SERVICE, "parameters", Map.of("size", "small")));
        assertThat(busy.status()).as(busy.toString()).isEqualTo(422);
        assertThat(busy.json().path("error").asText()).isEqualTo("ConcurrencyError");
        OsbClient.Response timedOut = osb.awaitOperation(path, operation, Duration.ofSeconds(60));
        assertThat(timedOut.json().path("state").asText()).as("killed at the operation timeout").isEqualTo("failed");
    }

    @Test
    void aFailingTeardownIsRetriedUntilItSucceeds() {
        String id = UUID.randomUUID().toString();
        String path = "/v2/service_instances/" + id;
        String operation = osb.put(path + "?accepts_incomplete=true", Map.of("service_id", SERVICE, "plan_id", "flaky"))
                .json().path("operation").asText();
        assertThat(osb.awaitOperation(path, operation, Duration.ofSeconds(60)).json().path("state").asText())
                .as("the operation is decided by the stencil, not its teardown").isEqualTo("succeeded");
        JsonNode task = osb.await("/b/instances/" + id, r -> r.json().path("tasks").path(0).path("steps").toString()
                .contains("\"step\":\"teardown\",\"attempt\":" + lastTeardown(r) + ",\"succeeded\":true"),
                Duration.ofSeconds(60)).json().path("tasks").path(0);
        assertThat(task.path("teardown_attempts").asInt()).as(task.toString()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aBindWhoseOutputIsNotYamlStoresNothing() {
        String id = UUID.randomUUID().toString();
        String path = "/v2/service_instances/" + id;
        osb.awaitOperation(path, osb.put(path + "?accepts_incomplete=true", Map.of("service_id", SERVICE, "plan_id", "badyaml"))
                .json().path("operation").asText(), Duration.ofSeconds(60));
        String binding = path + "/service_bindings/b1";
        OsbClient.Response bind = osb.put(binding + "?accepts_incomplete=true", Map.of("service_id", SERVICE, "plan_id", "badyaml"));
        assertThat(osb.awaitOperation(binding, bind.json().path("operation").asText(), Duration.ofSeconds(60))
                .json().path("state").asText()).isEqualTo("failed");
        assertThat(osb.get(binding).status()).isEqualTo(404);
    }

    @Test
    void maintenanceInfoIsThePlansStencilVersionAndAStaleOneIsRefused() {
        JsonNode plans = osb.get("/v2/catalog").json().path("services").path(0).path("plans");
        JsonNode rotating = plans.path(6);
        assertThat(rotating.path("maintenance_info").path("version").asText()).isEqualTo("2.1.0");
        assertThat(rotating.path("maintenance_info").path("description").asText()).contains("osbspec-stencil");
        assertThat(rotating.path("binding_rotatable").asBoolean()).isTrue();
        assertThat(plans.path(7).path("maximum_polling_duration").asInt()).isEqualTo(2);
        assertThat(osb.get("/v2/catalog").header("ETag")).as("a tag platforms can send back").startsWith("\"");

        String path = "/v2/service_instances/" + UUID.randomUUID();
        OsbClient.Response stale = osb.put(path + "?accepts_incomplete=true", Map.of("service_id", SERVICE,
                "plan_id", "rotating", "maintenance_info", Map.of("version", "2.0.0")));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(422);
        assertThat(stale.json().path("error").asText()).isEqualTo("MaintenanceInfoConflict");
        OsbClient.Response accepted = osb.put(path + "?accepts_incomplete=true", Map.of("service_id", SERVICE,
                "plan_id", "rotating", "maintenance_info", Map.of("version", "2.1.0")));
        osb.awaitOperation(path, accepted.json().path("operation").asText(), Duration.ofSeconds(60));
        assertThat(osb.get(path).json().path("maintenance_info").path("version").asText()).isEqualTo("2.1.0");
        OsbClient.Response staleUpdate = osb.patch(path + "?accepts_incomplete=true", Map.of("service_id", SERVICE,
                "maintenance_info", Map.of("version", "1.0.0")));
        assertThat(staleUpdate.status()).as(staleUpdate.toString()).isEqualTo(422);
        assertThat(staleUpdate.json().path("error").asText()).isEqualTo("MaintenanceInfoConflict");
        OsbClient.Response upgrade = osb.patch(path + "?accepts_incomplete=true", Map.of("service_id", SERVICE,
                "maintenance_info", Map.of("version", "2.1.0")));
        assertThat(upgrade.status()).as("runs the plan's stencil again").isEqualTo(202);
        assertThat(osb.awaitOperation(path, upgrade.json().path("operation").asText(), Duration.ofSeconds(60))
                .json().path("state").asText()).isEqualTo("succeeded");
    }

    @Test
    void aRotatedBindingHasFreshCredentialsWhileItsPredecessorStillWorks() {
        String path = "/v2/service_instances/" + UUID.randomUUID();
        Map<String, Object> plan = Map.of("service_id", SERVICE, "plan_id", "rotating");
        osb.awaitOperation(path, osb.put(path + "?accepts_incomplete=true", plan).json().path("operation").asText(),
                Duration.ofSeconds(60));
        String old = path + "/service_bindings/old";
        osb.awaitOperation(old, osb.put(old + "?accepts_incomplete=true", plan).json().path("operation").asText(),
                Duration.ofSeconds(60));
        JsonNode first = osb.get(old).json();
        assertThat(first.path("metadata").path("expires_at").asText()).as(first.toString()).isNotEmpty();
        assertThat(first.path("metadata").path("renew_before").asText())
                .isLessThan(first.path("metadata").path("expires_at").asText());
        assertThat(first.path("metadata").path("expires_at").asText()).as("OSB's time format")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\dZ");

        OsbClient.Response unknown = osb.put(path + "/service_bindings/x?accepts_incomplete=true",
                Map.of("service_id", SERVICE, "plan_id", "rotating", "predecessor_binding_id", "nobody"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("description").asText()).contains("predecessor_binding_id");

        String rotated = path + "/service_bindings/new";
        OsbClient.Response rotate = osb.put(rotated + "?accepts_incomplete=true",
                Map.of("predecessor_binding_id", "old")); // as OSB's rotation request: nothing else needed
        assertThat(rotate.status()).as(rotate.toString()).isEqualTo(202);
        assertThat(osb.awaitOperation(rotated, rotate.json().path("operation").asText(), Duration.ofSeconds(60))
                .json().path("state").asText()).isEqualTo("succeeded");
        String fresh = osb.get(rotated).json().path("credentials").path("password").asText();
        assertThat(fresh).hasSize(32).isNotEqualTo(first.path("credentials").path("password").asText());
        assertThat(osb.get(old).json().path("credentials").path("password").asText()).as("the predecessor still works")
                .isEqualTo(first.path("credentials").path("password").asText());
    }

    @Test
    void aDeprovisionDuringTheProvisionRunsAfterIt() {
        String id = UUID.randomUUID().toString();
        String path = "/v2/service_instances/" + id;
        OsbClient.Response provision = osb.put(path + "?accepts_incomplete=true",
                Map.of("service_id", SERVICE, "plan_id", "rotating"));
        OsbClient.Response deprovision = osb.delete(path + "?accepts_incomplete=true&service_id=" + SERVICE
                + "&plan_id=rotating");
        assertThat(deprovision.status()).as(deprovision.toString()).isEqualTo(202);
        assertThat(deprovision.json().path("operation").asText()).isNotEqualTo(provision.json().path("operation").asText());
        OsbClient.Response gone = osb.awaitOperation(path, deprovision.json().path("operation").asText(),
                Duration.ofSeconds(60));
        assertThat(gone.status()).as("deprovisioned").isEqualTo(410);
        JsonNode tasks = osb.await("/b/instances/" + id, r -> r.json().path("tasks").path(1).path("steps").size() == 3,
                Duration.ofSeconds(60)).json().path("tasks");
        assertThat(tasks.path(0).path("steps").toString()).as(tasks.toString()).contains("teardown");
        assertThat(tasks.path(1).path("steps")).extracting(step -> step.path("step").asText())
                .containsExactly("setup", "stencil", "teardown");
        String provisionEnded = tasks.path(0).path("steps").path(tasks.path(0).path("steps").size() - 1)
                .path("at").asText();
        assertThat(tasks.path(1).path("steps").path(0).path("at").asText()).as("after the provision's teardown")
                .isGreaterThanOrEqualTo(provisionEnded);
    }

    @Test
    void anOperationPastThePlansMaximumPollingDurationFails() {
        String path = "/v2/service_instances/" + UUID.randomUUID();
        OsbClient.Response accepted = osb.put(path + "?accepts_incomplete=true",
                Map.of("service_id", SERVICE, "plan_id", "limited"));
        OsbClient.Response failed = osb.awaitOperation(path, accepted.json().path("operation").asText(),
                Duration.ofSeconds(60));
        assertThat(failed.json().path("state").asText()).isEqualTo("failed");
        assertThat(failed.json().path("description").asText()).as("before the 6 s container timeout")
                .contains("maximum_polling_duration");
    }

    private static int lastTeardown(OsbClient.Response r) {
        int last = 0;
        for (JsonNode step : r.json().path("tasks").path(0).path("steps")) {
            if ("teardown".equals(step.path("step").asText())) {
                last = Math.max(last, step.path("attempt").asInt());
            }
        }
        return last;
    }

    /** The broker's data directory (PostgreSQL's files, the read store) and its log never hold the secret. */
    private static void assertNowhereInPlainText(String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(broker.dataDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(contains(Files.readAllBytes(file), needle)).as("secret in " + file).isFalse();
            }
        }
        assertThat(Files.readString(broker.logFile())).doesNotContain(secret);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
