package dev.junction.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.junction.conformance.Instances.bindBody;
import static dev.junction.conformance.Instances.bindingPath;
import static dev.junction.conformance.Instances.deleteQuery;
import static dev.junction.conformance.Instances.instancePath;
import static dev.junction.conformance.Instances.newId;
import static dev.junction.conformance.Instances.provisionBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Service Broker Errors, Content Type and Blocking Operations. */
@ExtendWith(OsbTarget.Extension.class)
@DisplayName("Service Broker Errors and Blocking Operations")
class ErrorsConformance {

    /** A single word in camel case. */
    private static final String CAMEL_CASE = "[A-Za-z][a-z0-9]*([A-Z][a-z0-9]*)*";

    /** Error answers of the OSB routes, each from a request the spec says a broker refuses. */
    private static List<OsbHttp.Response> errors(OsbTarget target) {
        OsbHttp osb = target.http();
        Instances.Ready ready = target.instances().ready();
        String unknown = instancePath(newId("unknown"));
        List<OsbHttp.Response> answers = new ArrayList<>();
        answers.add(osb.request("GET", "/v2/catalog").without(OsbHttp.VERSION).send());
        answers.add(osb.request("GET", "/v2/catalog").header(OsbHttp.VERSION, "1.0").send());
        answers.add(osb.get(unknown));
        answers.add(osb.get(unknown + "/last_operation"));
        answers.add(osb.put(unknown + "?accepts_incomplete=true", "{\"service_id\": "));
        answers.add(osb.put(unknown + "?accepts_incomplete=true", Map.of("service_id", target.service())));
        answers.add(osb.put(ready.path() + "?accepts_incomplete=true", provisionBody(ready.service(), "other-plan-" + ready.id(), null)));
        answers.add(osb.patch(ready.path() + "?accepts_incomplete=true", Map.of("service_id", ready.service(), "plan_id", "no-such-plan")));
        answers.add(osb.delete(ready.path() + "?accepts_incomplete=true&service_id=" + ready.service()));
        answers.add(osb.get(bindingPath(ready.id(), newId("unknown"))));
        if (target.async()) {
            answers.add(osb.put(unknown, provisionBody(target.service(), target.plan(), null)));
            answers.add(osb.patch(ready.path(), Map.of("service_id", ready.service())));
            answers.add(osb.put(bindingPath(ready.id(), newId("sync")), bindBody(ready.service(), ready.plan())));
        }
        answers.removeIf(a -> a.status() < 400);
        return answers;
    }

    @Test
    @DisplayName("error, if present, MUST be a non-empty single word in camel case; description, if present, MUST be a non-empty string")
    void errors_errorAndDescription_areWellFormed() {
        OsbTarget target = OsbTarget.current();
        for (OsbHttp.Response answer : errors(target)) {
            JsonNode body = answer.json();
            assertThat(body.isObject()).as("an error body is a JSON object: " + answer).isTrue();
            if (body.has("error")) {
                assertThat(body.get("error").asText()).as(answer.toString()).matches(CAMEL_CASE);
            }
            if (body.has("description")) {
                assertThat(body.get("description").isTextual() && !body.get("description").asText().isEmpty())
                        .as(answer.toString()).isTrue();
            }
            if (target.junction() && answer.status() != 410) {
                assertThat(body.path("description").asText()).as("Junction says why: " + answer).isNotEmpty();
            }
        }
    }

    @Test
    @DisplayName("instance_usable and update_repeatable MUST NOT be present for errors of operations other than update (and deprovision)")
    void errors_instanceUsableAndUpdateRepeatable_onlyForUpdateAndDeprovision() {
        for (OsbHttp.Response answer : errors(OsbTarget.current())) {
            boolean update = answer.request().startsWith("PATCH ");
            boolean deprovision = answer.request().startsWith("DELETE ") && !answer.request().contains("/service_bindings/");
            if (!update && !deprovision) {
                assertThat(answer.json().has("instance_usable")).as(answer.toString()).isFalse();
            }
            if (!update) {
                assertThat(answer.json().has("update_repeatable")).as(answer.toString()).isFalse();
            }
            for (String flag : List.of("instance_usable", "update_repeatable")) {
                assertThat(!answer.json().has(flag) || answer.json().get(flag).isBoolean()).as(answer.toString()).isTrue();
            }
        }
    }

    @Test
    @DisplayName("Content Type: if a Service Broker rejects a request due to a mismatched Content-Type, it SHOULD respond with 400 Bad Request")
    void contentType_mismatched_is400() {
        OsbTarget target = OsbTarget.current();
        String id = newId("content-type");
        OsbHttp.Response answer = target.http().request("PUT", instancePath(id) + "?accepts_incomplete=true")
                .header("Content-Type", "text/plain").body("{\"service_id\":\"" + target.service() + "\"}").send();
        assertThat(answer.status()).as("refused with 400, or processed: " + answer).isIn(400, 202, 201);
        if (target.junction()) {
            assertThat(answer.status()).as("Junction takes JSON bodies only").isEqualTo(400);
        }
        if (answer.status() == 400) {
            assertThat(answer.json().path("description").asText()).isNotEmpty();
        }
    }

    @Test
    @DisplayName("URL Properties: an id outside the unreserved characters may be refused, with an OSB error body (error a single camel-case word)")
    void urlProperties_unusualId_isRefusedWithOsbError() {
        OsbTarget target = OsbTarget.current();
        OsbHttp.Response answer = target.http().put(instancePath("conformance!%24") + "?accepts_incomplete=true",
                provisionBody(target.service(), target.plan(), null));
        assumeTrue(answer.status() >= 400, "the broker takes such ids");
        assertThat(answer.status()).isEqualTo(400);
        if (answer.json().has("error")) {
            assertThat(answer.json().get("error").asText()).as(answer.toString()).matches(CAMEL_CASE);
        }
    }

    @Test
    @DisplayName("Blocking Operations: a request the broker cannot process due to a concurrency issue MUST be rejected with 422 and error ConcurrencyError")
    void blockingOperations_duringProvisioning_is422ConcurrencyError() {
        OsbTarget target = OsbTarget.current();
        target.requireJunction("a provision that runs for seconds (the slow plan)");
        String id = newId("busy");
        OsbHttp.Response accepted = target.instances().provision(id, OsbTarget.SERVICE, OsbTarget.SLOW, null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        List<OsbHttp.Response> busy = List.of(
                target.http().patch(instancePath(id) + "?accepts_incomplete=true",
                        Map.of("service_id", OsbTarget.SERVICE, "parameters", Map.of("size", "large"))),
                target.http().put(bindingPath(id, newId("early")) + "?accepts_incomplete=true",
                        bindBody(OsbTarget.SERVICE, OsbTarget.SLOW)));
        for (OsbHttp.Response answer : busy) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
            assertThat(answer.json().path("error").asText()).isEqualTo("ConcurrencyError");
            assertThat(answer.json().path("description").asText()).isNotEmpty();
        }
        assertThat(target.instances().await(instancePath(id), accepted.json().path("operation").asText())
                .json().path("state").asText()).as("the refused requests changed nothing").isEqualTo("succeeded");
        assertThat(target.http().delete(instancePath(id) + deleteQuery(OsbTarget.SERVICE, OsbTarget.SLOW)).status())
                .isEqualTo(202);
    }
}
