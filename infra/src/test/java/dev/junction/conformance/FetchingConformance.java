package dev.junction.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static dev.junction.conformance.Instances.instancePath;
import static dev.junction.conformance.Instances.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Fetching a Service Instance: {@code GET /v2/service_instances/:instance_id}. */
@ExtendWith(OsbTarget.Extension.class)
@DisplayName("Fetching a Service Instance")
class FetchingConformance {

    private static boolean retrievable(OsbTarget target) {
        for (JsonNode service : target.http().get("/v2/catalog").json().path("services")) {
            if (service.path("id").asText().equals(target.service())) {
                return service.path("instances_retrievable").asBoolean(false);
            }
        }
        return false;
    }

    @Test
    @DisplayName("404 Not Found MUST be returned if the Service Instance does not exist")
    void fetching_unknownInstance_is404() {
        OsbTarget target = OsbTarget.current();
        OsbHttp.Response answer = target.http().get(instancePath(newId("unknown")));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
    }

    @Test
    @DisplayName("404 Not Found MUST be returned if a provisioning operation is still in progress")
    void fetching_whileProvisioning_is404() {
        OsbTarget target = OsbTarget.current();
        target.requireAsync();
        assumeTrue(retrievable(target), "instances_retrievable is not true");
        String id = newId("fetch-provisioning");
        OsbHttp.Response accepted = target.instances().provision(id, target.service(),
                target.junction() ? OsbTarget.SLOW : target.plan(), null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        OsbHttp.Response fetched = target.http().get(instancePath(id));
        JsonNode last = target.instances().lastOperation(instancePath(id));
        assumeTrue(target.junction() || "in progress".equals(last.path("state").asText()), "provisioned already");
        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(404);
    }

    @Test
    @DisplayName("The endpoint MUST be available immediately after last_operation returns succeeded for a provision, with service_id, plan_id and parameters")
    void fetching_afterProvisionSucceeded_is200WithServicePlanAndParameters() {
        OsbTarget target = OsbTarget.current();
        assumeTrue(retrievable(target), "instances_retrievable is not true");
        Map<String, Object> parameters = target.junction() ? Map.of("size", "large") : null;
        Instances.Ready ready = target.instances().provisioned("fetch", target.service(), target.plan(), parameters);
        OsbHttp.Response fetched = target.http().get(ready.path());
        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
        JsonNode body = fetched.json();
        if (body.has("service_id")) {
            assertThat(body.path("service_id").asText()).isEqualTo(ready.service());
        }
        if (body.has("plan_id")) {
            assertThat(body.path("plan_id").asText()).isEqualTo(ready.plan());
        }
        if (body.has("dashboard_url")) {
            assertThat(body.get("dashboard_url").isTextual()).isTrue();
        }
        if (target.junction()) {
            assertThat(body.path("service_id").asText()).isEqualTo(ready.service());
            assertThat(body.path("parameters").path("size").asText()).isEqualTo("large");
        }
    }

    @Test
    @DisplayName("422 Unprocessable Entity with error ConcurrencyError MUST be returned if the Service Instance is being updated")
    void fetching_whileUpdating_is422ConcurrencyError() {
        OsbTarget target = OsbTarget.current();
        target.requireJunction("an update that runs for seconds (the slow plan)");
        Instances.Ready ready = target.instances().shared("slow", OsbTarget.SERVICE, OsbTarget.SLOW, null);
        OsbHttp.Response update = target.http().patch(ready.path() + "?accepts_incomplete=true",
                Map.of("service_id", ready.service(), "parameters", Map.of("size", "large")));
        assertThat(update.status()).as(update.toString()).isEqualTo(202);
        OsbHttp.Response fetched = target.http().get(ready.path());
        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(422);
        assertThat(fetched.json().path("error").asText()).isEqualTo("ConcurrencyError");
        target.instances().await(ready.path(), update.json().path("operation").asText());
    }
}
