package dev.junction.infra.web;

import dev.junction.api.Actor;
import dev.junction.api.error.BusyException;
import dev.junction.api.error.ConflictException;
import dev.junction.api.error.GoneException;
import dev.junction.api.error.LimitReachedException;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.error.OperationInProgressException;
import dev.junction.api.instance.InstanceCommands.Accepted;
import dev.junction.api.instance.InstanceCommands.BindInstance;
import dev.junction.api.instance.InstanceCommands.DeprovisionInstance;
import dev.junction.api.instance.InstanceCommands.ProvisionInstance;
import dev.junction.api.instance.InstanceCommands.UnbindInstance;
import dev.junction.api.instance.InstanceCommands.UpdateInstance;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.junction.infra.web.OsbRouteFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The OSB routes that send commands: parsing, the originating identity, results and errors as OSB has them. */
class OsbCommandRoutesTest {

    private final OsbRouteFixture osb = new OsbRouteFixture();

    @AfterEach
    void close() {
        osb.close();
    }

    private WebTestClient.RequestHeadersSpec<?> request(HttpMethod method, String uri, String body) {
        WebTestClient.RequestBodySpec spec = osb.web.method(method).uri(uri).header("X-Broker-API-Version", "2.17");
        return body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    @Test
    void aProvisionIsAcceptedWithItsOperationAndRecordsTheOriginatingUser() {
        osb.script.put(ProvisionInstance.class, c -> new Accepted(1, false));
        request(HttpMethod.PUT, "/v2/service_instances/i-1?accepts_incomplete=true", """
                {"service_id":"svc-db","plan_id":"small","organization_guid":"org-1","space_guid":"space-1",
                 "parameters":{"size":"m"},"context":{"platform":"cloudfoundry"}}""")
                .header("X-Broker-API-Originating-Identity", identity("cloudfoundry", "{\"user_id\":\"u-683ea748\"}"))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody().json("{\"operation\":\"task-1\"}", true);

        ProvisionInstance sent = (ProvisionInstance) osb.sent.getFirst();
        assertThat(sent.instanceId()).isEqualTo("i-1");
        assertThat(sent.planId()).isEqualTo(PLAN);
        assertThat(sent.parameters().get("size").asText()).isEqualTo("m");
        assertThat(sent.context().get("platform").asText()).isEqualTo("cloudfoundry");
        assertThat(sent.context().get("organization_guid").asText()).isEqualTo("org-1");
        assertThat(sent.actor()).isEqualTo(new Actor(Actor.Kind.USER, "u-683ea748", "cloudfoundry"));
    }

    @Test
    void withoutAnOriginatingIdentityThePlatformsOwnUserIsTheActor() {
        osb.script.put(DeprovisionInstance.class, c -> new Accepted(4, false));
        request(HttpMethod.DELETE, "/v2/service_instances/i-1?accepts_incomplete=true&service_id=svc-db&plan_id=gone-plan",
                null).exchange().expectStatus().isAccepted().expectBody().json("{\"operation\":\"task-4\"}");
        DeprovisionInstance sent = (DeprovisionInstance) osb.sent.getFirst();
        assertThat(sent.actor()).isEqualTo(Actor.user("cf-platform"));
        assertThat(sent.planId()).isEqualTo("gone-plan"); // a withdrawn plan's instances may still go
    }

    @Test
    void anIdenticalRequestRepeatedAfterItFinishedIs200() {
        osb.script.put(BindInstance.class, c -> new Accepted(2, true));
        request(HttpMethod.PUT, "/v2/service_instances/i-1/service_bindings/b-1?accepts_incomplete=true",
                "{\"service_id\":\"svc-db\",\"plan_id\":\"small\"}")
                .exchange().expectStatus().isOk().expectBody().json("{}", true);
    }

    @Test
    void everyRouteRequiresAcceptsIncompleteAndSendsNothingWithout() {
        String body = "{\"service_id\":\"svc-db\",\"plan_id\":\"small\"}";
        for (var call : new Object[][]{{HttpMethod.PUT, "/v2/service_instances/i-1", body},
                {HttpMethod.PATCH, "/v2/service_instances/i-1?accepts_incomplete=false", body},
                {HttpMethod.DELETE, "/v2/service_instances/i-1?service_id=svc-db&plan_id=small", null},
                {HttpMethod.PUT, "/v2/service_instances/i-1/service_bindings/b-1", body},
                {HttpMethod.DELETE, "/v2/service_instances/i-1/service_bindings/b-1?service_id=svc-db&plan_id=small",
                        null}}) {
            request((HttpMethod) call[0], (String) call[1], (String) call[2]).exchange()
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.error").isEqualTo("AsyncRequired");
        }
        assertThat(osb.sent).isEmpty();
    }

    @Test
    void badRequestsAre400NamingTheFieldAndSendNothing() {
        String uri = "/v2/service_instances/i-1?accepts_incomplete=true";
        expect400(HttpMethod.PUT, uri, "{\"service_id\":\"nope\",\"plan_id\":\"small\"}", "service_id");
        expect400(HttpMethod.PUT, uri, "{\"service_id\":\"svc-db\",\"plan_id\":\"huge\"}", "plan_id");
        expect400(HttpMethod.PUT, uri, "{\"service_id\":\"svc-db\"}", "plan_id");
        expect400(HttpMethod.PUT, uri, "{\"service_id\":\"svc-db\",\"plan_id\":\"small\",\"parameters\":[1]}",
                "parameters");
        expect400(HttpMethod.PUT, uri, "{\"service_id\":\"svc-db\",\"plan_id\":\"small\",\"context\":\"x\"}", "context");
        expect400(HttpMethod.PUT, uri, "{\"service_id\":", "body");
        expect400(HttpMethod.PUT, uri, null, "body");
        expect400(HttpMethod.PATCH, uri, "{\"plan_id\":\"small\"}", "service_id");
        expect400(HttpMethod.DELETE, uri + "&plan_id=small", null, "service_id");
        expect400(HttpMethod.DELETE, "/v2/service_instances/i-1/service_bindings/b-1?accepts_incomplete=true"
                + "&service_id=svc-db", null, "plan_id");
        request(HttpMethod.PUT, uri, "{\"service_id\":\"svc-db\",\"plan_id\":\"small\"}")
                .header("X-Broker-API-Originating-Identity", "cloudfoundry not-base64!")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.description").value(d -> assertThat((String) d)
                        .startsWith("X-Broker-API-Originating-Identity"));
        assertThat(osb.sent).isEmpty();
    }

    private void expect400(HttpMethod method, String uri, String body, String field) {
        request(method, uri, body).header("X-Broker-API-Request-Identity", "req-" + field).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().valueEquals("X-Broker-API-Request-Identity", "req-" + field)
                .expectBody().jsonPath("$.description").value(d -> assertThat((String) d).contains(field));
    }

    @Test
    void refusalsOfTheInstanceAreMappedToOsbErrors() {
        String put = "/v2/service_instances/i-1?accepts_incomplete=true";
        String body = "{\"service_id\":\"svc-db\",\"plan_id\":\"small\"}";
        osb.script.put(ProvisionInstance.class, c -> {
            throw new OperationInProgressException("another operation runs");
        });
        request(HttpMethod.PUT, put, body).exchange().expectStatus().isEqualTo(422).expectBody()
                .json("{\"error\":\"ConcurrencyError\",\"description\":\"another operation runs\"}", true);
        osb.script.put(ProvisionInstance.class, c -> {
            throw new LimitReachedException("plan small holds its 5 instances");
        });
        request(HttpMethod.PUT, put, body).exchange().expectStatus().isEqualTo(422).expectBody()
                .jsonPath("$.error").isEqualTo("LimitReached");
        osb.script.put(ProvisionInstance.class, c -> {
            throw new ConflictException("instance i-1 exists with other attributes");
        });
        request(HttpMethod.PUT, put, body).exchange().expectStatus().isEqualTo(409).expectBody()
                .json("{\"description\":\"instance i-1 exists with other attributes\"}", true);
        osb.script.put(ProvisionInstance.class, c -> {
            throw new BusyException("too many tasks wait");
        });
        request(HttpMethod.PUT, put, body).exchange().expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "1");
        osb.script.put(ProvisionInstance.class, c -> {
            throw new IllegalStateException("a bug");
        });
        request(HttpMethod.PUT, put, body).exchange().expectStatus().isEqualTo(500)
                .expectBody().jsonPath("$.description").value(d -> assertThat((String) d).doesNotContain("a bug"));
    }

    @Test
    void deletionsOfWhatDoesNotExistAre410AndRefusedUpdatesSayTheInstanceIsUsable() {
        osb.script.put(DeprovisionInstance.class, c -> {
            throw new GoneException("instance i-1 was deprovisioned");
        });
        request(HttpMethod.DELETE, "/v2/service_instances/i-1?accepts_incomplete=true&service_id=svc-db&plan_id=small",
                null).exchange().expectStatus().isEqualTo(410).expectBody().json("{}", true);
        osb.script.put(UnbindInstance.class, c -> {
            throw new AggregateNotFoundException("i-9", "no events");
        });
        request(HttpMethod.DELETE, "/v2/service_instances/i-9/service_bindings/b-1?accepts_incomplete=true"
                + "&service_id=svc-db&plan_id=small", null).exchange().expectStatus().isEqualTo(410);
        osb.script.put(UpdateInstance.class, c -> {
            throw new OperationInProgressException("a bind runs");
        });
        request(HttpMethod.PATCH, "/v2/service_instances/i-1?accepts_incomplete=true",
                "{\"service_id\":\"svc-db\",\"plan_id\":\"large\",\"parameters\":{\"size\":\"l\"}}")
                .exchange().expectStatus().isEqualTo(422).expectBody()
                .json("{\"error\":\"ConcurrencyError\",\"instance_usable\":true,\"update_repeatable\":true}");
        UpdateInstance update = (UpdateInstance) osb.sent.getLast();
        assertThat(update.planId()).isEqualTo(OTHER_PLAN);
        osb.script.put(UpdateInstance.class, c -> {
            throw new NotFoundException("service instance i-7 does not exist");
        });
        request(HttpMethod.PATCH, "/v2/service_instances/i-7?accepts_incomplete=true", "{\"service_id\":\"svc-db\"}")
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.description")
                .isEqualTo("service instance i-7 does not exist");
    }
}
