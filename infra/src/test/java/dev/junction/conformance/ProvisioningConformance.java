package dev.junction.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.junction.conformance.Instances.deleteQuery;
import static dev.junction.conformance.Instances.instancePath;
import static dev.junction.conformance.Instances.newId;
import static dev.junction.conformance.Instances.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Provisioning: {@code PUT /v2/service_instances/:instance_id}. */
@ExtendWith(OsbTarget.Extension.class)
@DisplayName("Provisioning")
class ProvisioningConformance {

    @Test
    @DisplayName("If accepts_incomplete is not included and the broker can only provision asynchronously, it MUST reject the request with 422 and error AsyncRequired")
    void provisioning_acceptsIncomplete_missingOrFalse_is422AsyncRequired() {
        OsbTarget target = OsbTarget.current();
        target.requireAsync();
        String id = newId("sync");
        for (String query : new String[]{"", "?accepts_incomplete=false"}) {
            OsbHttp.Response refused = target.http().put(instancePath(id) + query, provisionBody(target.service(), target.plan(), null));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().path("error").asText()).isEqualTo("AsyncRequired");
        }
        assertThat(target.http().get(instancePath(id)).status()).as("a 4xx changes nothing").isEqualTo(404);
    }

    @Test
    @DisplayName("202 Accepted MUST be returned while provisioning is in progress, with an operation of at most 10,000 characters; a re-sent PUT MUST return 202 with the same operation")
    void provisioning_async_is202WithOperation_andResentPutWhileInProgressIsSameOperation() {
        OsbTarget target = OsbTarget.current();
        target.requireAsync();
        String id = newId("async");
        String plan = target.junction() ? OsbTarget.SLOW : target.plan();
        OsbHttp.Response accepted = target.instances().provision(id, target.service(), plan, null);
        assertThat(accepted.status()).as(accepted + target.logTail()).isEqualTo(202);
        JsonNode operation = accepted.json().path("operation");
        assertThat(operation.isMissingNode() || operation.isNull() || operation.isTextual()).isTrue();
        assertThat(operation.asText("").length()).isLessThanOrEqualTo(10_000);
        if (target.junction()) {
            assertThat(operation.asText()).as("Junction names every operation").isNotEmpty();
        }
        OsbHttp.Response again = target.http().put(instancePath(id) + "?accepts_incomplete=true",
                provisionBody(target.service(), plan, null));
        assumeTrue(again.status() == 202 || !target.junction(), "finished before it was sent again");
        if (again.status() == 202) {
            assertThat(again.json().path("operation").asText(null)).as("the operation of the original request")
                    .isEqualTo(operation.asText(null));
        } else {
            assertThat(again.status()).as("done already: 200 or 201").isIn(200, 201);
        }
        assertThat(target.instances().await(instancePath(id), operation.asText(null)).json().path("state").asText())
                .isEqualTo("succeeded");
    }

    @Test
    @DisplayName("200 OK SHOULD be returned if the Service Instance already exists, is fully provisioned, and the requested parameters are identical")
    void provisioning_identicalWhenDone_is200() {
        OsbTarget target = OsbTarget.current();
        Instances.Ready ready = target.instances().ready();
        OsbHttp.Response again = target.http().put(ready.path() + (target.async() ? "?accepts_incomplete=true" : ""),
                provisionBody(ready.service(), ready.plan(), ready.parameters()));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().isObject()).isTrue();
    }

    @Test
    @DisplayName("409 Conflict MUST be returned if a Service Instance with the same id already exists but with different attributes")
    void provisioning_sameIdOtherAttributes_is409() {
        OsbTarget target = OsbTarget.current();
        Instances.Ready ready = target.instances().ready();
        String query = target.async() ? "?accepts_incomplete=true" : "";
        Map<String, Object> otherParameters = provisionBody(ready.service(), ready.plan(), Map.of("x-conformance", "other"));
        OsbHttp.Response conflict = target.http().put(ready.path() + query, otherParameters);
        if (target.junction()) {
            // Junction checks parameters against the plan's schema first; another plan is the clean conflict
            conflict = target.http().put(ready.path() + query, provisionBody(ready.service(), OsbTarget.SINGLE, null));
        }
        assertThat(conflict.status()).as(conflict.toString()).isEqualTo(409);
        OsbHttp.Response fetched = target.http().get(ready.path());
        if (fetched.status() == 200 && fetched.json().has("plan_id")) {
            assertThat(fetched.json().path("plan_id").asText()).as("a 4xx changes nothing").isEqualTo(ready.plan());
        }
    }

    @Test
    @DisplayName("400 Bad Request MUST be returned if the request is malformed or missing mandatory data (service_id*, plan_id*), and changes nothing")
    void provisioning_malformedOrMissingMandatoryData_is400() {
        OsbTarget target = OsbTarget.current();
        String id = newId("malformed");
        String path = instancePath(id) + (target.async() ? "?accepts_incomplete=true" : "");
        Map<String, Object> noService = new LinkedHashMap<>(provisionBody(target.service(), target.plan(), null));
        noService.remove("service_id");
        Map<String, Object> noPlan = new LinkedHashMap<>(provisionBody(target.service(), target.plan(), null));
        noPlan.remove("plan_id");
        for (Object body : new Object[]{"{\"service_id\": ", "[]", noService, noPlan,
                provisionBody(target.service(), "no-such-plan-" + id, null),
                provisionBody("no-such-service-" + id, target.plan(), null)}) {
            OsbHttp.Response refused = target.http().put(path, body);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        }
        assertThat(target.http().get(instancePath(id)).status()).isEqualTo(404);
        assertThat(target.http().delete(instancePath(id) + deleteQuery(target.service(), target.plan())).status())
                .as("nothing was created").isEqualTo(410);
    }

    @Test
    @DisplayName("context, organization_guid and space_guid are accepted; unknown extension fields MUST be ignored and MUST NOT halt processing")
    void provisioning_contextAndExtensionFields_areAccepted() {
        OsbTarget target = OsbTarget.current();
        Map<String, Object> body = provisionBody(target.service(), target.plan(), null);
        body.put("x-conformance-extension", Map.of("ignored", true));
        body.put("maintenance_info", Map.of("version", "1.0.0"));
        String id = newId("context");
        target.instances().provisionedWith(id, body);
        OsbHttp.Response fetched = target.http().get(instancePath(id));
        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
    }

    @Test
    @DisplayName("Unless otherwise specified, a 4xx MUST leave the broker's resources unchanged: a provision over a plan's limit (Junction: 422 LimitReached)")
    void provisioning_overPlanLimit_is4xxAndChangesNothing() {
        OsbTarget target = OsbTarget.current();
        target.requireJunction("a plan with limit: 1");
        OsbHttp.Response first = target.instances().provision(newId("single"), OsbTarget.SERVICE, OsbTarget.SINGLE, null);
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        String second = newId("single");
        OsbHttp.Response full = target.instances().provision(second, OsbTarget.SERVICE, OsbTarget.SINGLE, null);
        assertThat(full.status()).as(full.toString()).isEqualTo(422);
        assertThat(full.json().path("error").asText()).isEqualTo("LimitReached");
        assertThat(full.json().path("description").asText()).isNotEmpty();
        assertThat(target.http().get(instancePath(second)).status()).isEqualTo(404);
    }
}
