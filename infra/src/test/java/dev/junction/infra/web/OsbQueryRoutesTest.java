package dev.junction.infra.web;

import dev.junction.api.Actor;
import dev.junction.api.instance.InstanceEvents.*;
import dev.junction.api.instance.Step;
import dev.junction.query.instance.InstanceViewStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Instant;
import java.util.List;

import static dev.junction.infra.web.OsbRouteFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The OSB reads over the real instance views, the API version header, and the operator's reads. */
class OsbQueryRoutesTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final Actor ALICE = new Actor(Actor.Kind.USER, "alice", "cloudfoundry");
    private static final String CREDENTIALS = "{\"uri\":\"db://x\",\"password\":\"" + PLAIN_SECRET + "\"}";

    private final OsbRouteFixture osb = new OsbRouteFixture();

    @AfterEach
    void close() {
        osb.close();
    }

    private WebTestClient.ResponseSpec get(String uri) {
        return osb.web.get().uri(uri).header("X-Broker-API-Version", "2.17").exchange();
    }

    private void provisionRequested(String id) {
        osb.commit(List.of(new ProvisionRequested(id, SERVICE, PLAN, (com.fasterxml.jackson.databind.node.ObjectNode)
                read("{\"size\":\"m\"}"), null, null, 1, ALICE, T)));
    }

    private void provisioned(String id) {
        provisionRequested(id);
        osb.commit(List.of(new StepSucceeded(id, 1, Step.STENCIL, 1, 0, T), new InstanceProvisioned(id, 1, List.of(), T),
                new StepSucceeded(id, 1, Step.TEARDOWN, 1, 0, T)));
    }

    @Test
    void theVersionHeaderMustBe2Point13OrLaterAndTheRequestIdentityIsEchoed() {
        for (String refused : new String[]{null, "2.12", "1.17", "3.0", "2", "two", "2.13.1"}) {
            var request = osb.web.get().uri("/v2/catalog").header("X-Broker-API-Request-Identity", "req-1");
            if (refused != null) {
                request = request.header("X-Broker-API-Version", refused);
            }
            request.exchange().expectStatus().isEqualTo(412)
                    .expectHeader().valueEquals("X-Broker-API-Request-Identity", "req-1")
                    .expectBody().jsonPath("$.error").isEqualTo("UnsupportedApiVersion")
                    .jsonPath("$.description").value(d -> assertThat((String) d).contains("2.13"));
        }
        for (String accepted : new String[]{"2.13", "2.17", "2.99"}) {
            osb.web.get().uri("/v2/catalog").header("X-Broker-API-Version", accepted)
                    .header("X-Broker-API-Request-Identity", "req-2").exchange()
                    .expectStatus().isOk().expectHeader().valueEquals("X-Broker-API-Request-Identity", "req-2");
        }
        // the operator's routes are not OSB's: no version needed
        osb.web.get().uri("/b/instances").exchange().expectStatus().isOk();
    }

    @Test
    void theCatalogOffersEachServiceWithItsPlansAndTheParametersUsersMaySend() {
        get("/v2/catalog").expectStatus().isOk().expectBody()
                .jsonPath("$.services.length()").isEqualTo(1)
                .jsonPath("$.services[0].id").isEqualTo(SERVICE)
                .jsonPath("$.services[0].name").isEqualTo("database")
                .jsonPath("$.services[0].bindable").isEqualTo(true)
                .jsonPath("$.services[0].instances_retrievable").isEqualTo(true)
                .jsonPath("$.services[0].bindings_retrievable").isEqualTo(true)
                .jsonPath("$.services[0].plan_updateable").isEqualTo(true)
                .jsonPath("$.services[0].plans[0].id").isEqualTo(PLAN)
                .jsonPath("$.services[0].plans[0].free").isEqualTo(true)
                .jsonPath("$.services[0].plans[1].description").isEqualTo("large")
                .jsonPath("$.services[0].plans[0].schemas.service_instance.create.parameters.$schema")
                .isEqualTo("http://json-schema.org/draft-04/schema#")
                .jsonPath("$.services[0].plans[0].schemas.service_instance.create.parameters.type").isEqualTo("object")
                .jsonPath("$.services[0].plans[0].schemas.service_instance.create.parameters.properties.size.type")
                .isEqualTo("string")
                // fixed by the operator: not the user's to send; supplied by the operator: not required
                .jsonPath("$.services[0].plans[0].schemas.service_instance.create.parameters.properties.admin")
                .doesNotExist()
                .jsonPath("$.services[0].plans[0].schemas.service_instance.update.parameters.required[0]")
                .isEqualTo("size")
                .jsonPath("$.services[0].plans[0].schemas.service_instance.update.parameters.required.length()")
                .isEqualTo(1)
                .jsonPath("$.services[0].plans[0].schemas.service_binding.create.parameters.type").isEqualTo("object");
    }

    @Test
    void anInstanceIsFetchedOnceProvisionedAndNotWhileProvisioningOrUpdating() {
        get("/v2/service_instances/nope").expectStatus().isNotFound().expectBody().jsonPath("$.description").exists();
        provisionRequested("i-1");
        get("/v2/service_instances/i-1").expectStatus().isNotFound();
        osb.commit(List.of(new InstanceProvisioned("i-1", 1, List.of(), T)));
        get("/v2/service_instances/i-1").expectStatus().isOk().expectBody()
                .json("{\"service_id\":\"svc-db\",\"plan_id\":\"small\",\"parameters\":{\"size\":\"m\"}}", true);
        osb.commit(List.of(new UpdateRequested("i-1", OTHER_PLAN, null, null, 2, ALICE, T)));
        get("/v2/service_instances/i-1").expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.error").isEqualTo("ConcurrencyError");
        osb.commit(List.of(new InstanceUpdated("i-1", 2, OTHER_PLAN, List.of(), T),
                new DeprovisionRequested("i-1", 3, ALICE, T), new InstanceDeprovisioned("i-1", 3, T)));
        get("/v2/service_instances/i-1").expectStatus().isNotFound();
    }

    @Test
    void pollsAnswerEachOperationsStateAndADoneDeprovisionIsGone() {
        provisionRequested("i-2");
        get("/v2/service_instances/i-2/last_operation?operation=task-1").expectStatus().isOk()
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.state").isEqualTo("in progress");
        osb.commit(List.of(new InstanceProvisioned("i-2", 1, List.of(), T),
                new UpdateRequested("i-2", null, null, null, 2, ALICE, T),
                new UpdateFailed("i-2", 2, "stencil exited 3", T)));
        get("/v2/service_instances/i-2/last_operation?operation=task-1").expectStatus().isOk()
                .expectHeader().doesNotExist("Retry-After")
                .expectBody().json("{\"state\":\"succeeded\"}").jsonPath("$.instance_usable").doesNotExist();
        get("/v2/service_instances/i-2/last_operation").expectStatus().isOk().expectBody().json("""
                {"state":"failed","description":"stencil exited 3","instance_usable":true,"update_repeatable":true}""");
        osb.commit(List.of(new DeprovisionRequested("i-2", 3, ALICE, T)));
        get("/v2/service_instances/i-2/last_operation?operation=task-3").expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("in progress");
        osb.commit(List.of(new InstanceDeprovisioned("i-2", 3, T)));
        get("/v2/service_instances/i-2/last_operation?operation=task-3").expectStatus().isEqualTo(410)
                .expectBody().json("{}", true);
        get("/v2/service_instances/i-2/last_operation?operation=task-9").expectStatus().isNotFound();
        get("/v2/service_instances/i-2/last_operation?operation=drop-tables").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.description").value(d -> assertThat((String) d).contains("operation"));
        get("/v2/service_instances/nope/last_operation").expectStatus().isNotFound();
    }

    @Test
    void aFailedProvisionIsAnAnswerNotAnError() {
        provisionRequested("i-3");
        osb.commit(List.of(new ProvisionFailed("i-3", 1, "stencil exited 1", T)));
        get("/v2/service_instances/i-3/last_operation?operation=task-1").expectStatus().isOk().expectBody()
                .json("{\"state\":\"failed\",\"description\":\"stencil exited 1\"}", true);
    }

    @Test
    void credentialsAreOpenedOnlyForTheBindingFetchAndNeverStoredInPlainText() {
        provisioned("i-4");
        osb.commit(List.of(new BindRequested("i-4", "b-1", (com.fasterxml.jackson.databind.node.ObjectNode)
                read("{\"role\":\"ro\"}"), null, 2, ALICE, T)));
        get("/v2/service_instances/i-4/service_bindings/b-1").expectStatus().isNotFound();
        get("/v2/service_instances/i-4/service_bindings/b-1/last_operation").expectStatus().isOk()
                .expectHeader().exists("Retry-After").expectBody().jsonPath("$.state").isEqualTo("in progress");
        osb.commit(List.of(new InstanceBound("i-4", "b-1", 2, seal(CREDENTIALS), T)));
        assertThat(osb.opened).isEmpty();

        Document stored = osb.database.getCollection(InstanceViewStore.COLLECTION).find().first();
        assertThat(stored.toJson()).doesNotContain(PLAIN_SECRET);
        osb.web.get().uri("/b/instances/i-4").exchange().expectStatus().isOk().expectBody(String.class)
                .value(body -> assertThat(body).doesNotContain(PLAIN_SECRET).doesNotContain("sealed:")
                        .contains("\"bindings\""));
        assertThat(osb.opened).isEmpty();

        get("/v2/service_instances/i-4/service_bindings/b-1").expectStatus().isOk().expectBody()
                .json("{\"credentials\":" + CREDENTIALS + ",\"parameters\":{\"role\":\"ro\"}}", true);
        assertThat(osb.opened).containsExactly("i-4");
        get("/v2/service_instances/i-4/service_bindings/b-1/last_operation").expectStatus().isOk()
                .expectBody().json("{\"state\":\"succeeded\"}");

        osb.commit(List.of(new UnbindRequested("i-4", "b-1", 3, ALICE, T), new InstanceUnbound("i-4", "b-1", 3, T)));
        get("/v2/service_instances/i-4/service_bindings/b-1").expectStatus().isNotFound();
        get("/v2/service_instances/i-4/service_bindings/b-1/last_operation").expectStatus().isEqualTo(410);
        get("/v2/service_instances/i-4/service_bindings/nope").expectStatus().isNotFound();
    }

    @Test
    void operatorsReadInstancesTheirTasksHistoryAndPlanUsage() {
        provisioned("i-5");
        provisioned("i-6");
        osb.commit(List.of(new DeprovisionRequested("i-6", 2, ALICE, T), new InstanceDeprovisioned("i-6", 2, T)));
        osb.web.get().uri("/b/instances").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].id").isEqualTo("i-5")
                .jsonPath("$[0].state").isEqualTo("quiet")
                .jsonPath("$[0].last_operation.operation").isEqualTo("task-1")
                .jsonPath("$[1].state").isEqualTo("gone");
        osb.web.get().uri("/b/instances/i-5").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.tasks[0].steps[0].exit_code").isEqualTo(0)
                .jsonPath("$.tasks[0].steps[1].step").isEqualTo("teardown")
                .jsonPath("$.tasks[0].teardown_attempts").isEqualTo(1)
                .jsonPath("$.tasks[0].actor.name").isEqualTo("alice")
                .jsonPath("$.history[0].event").isEqualTo("ProvisionRequested")
                .jsonPath("$.history[0].actor.subject").isEqualTo("cloudfoundry");
        osb.web.get().uri("/b/instances/nope").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.status").isEqualTo(404); // the broker's own error format, not OSB's
        osb.web.get().uri("/b/catalog").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.plans[0].plan_id").isEqualTo(PLAN)
                .jsonPath("$.plans[0].instances").isEqualTo(1)
                .jsonPath("$.plans[0].instance_limit").isEqualTo(5)
                .jsonPath("$.plans[1].instances").isEqualTo(0);
    }
}
