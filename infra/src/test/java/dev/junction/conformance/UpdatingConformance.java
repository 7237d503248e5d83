package dev.junction.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Updating a Service Instance: {@code PATCH /v2/service_instances/:instance_id}. */
@ExtendWith(OsbTarget.Extension.class)
@DisplayName("Updating a Service Instance")
class UpdatingConformance {

    static OsbTarget target;
    static Instances.Ready instance;

    @BeforeAll
    static void provision() {
        target = OsbTarget.current();
        if (target.junction()) {
            target.instances().prepare("unbindable", OsbTarget.FIXED_SERVICE, OsbTarget.UNBINDABLE, null);
            target.instances().prepare("slow", OsbTarget.SERVICE, OsbTarget.SLOW, null);
        }
        instance = target.instances().provisioned("update", target.service(), target.plan(),
                target.junction() ? Map.of("size", "small") : null);
    }

    private static Map<String, Object> body(String plan, Map<String, Object> parameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service_id", instance.service());
        if (plan != null) {
            body.put("plan_id", plan);
        }
        if (parameters != null) {
            body.put("parameters", parameters);
        }
        body.put("context", Map.of("platform", OsbHttp.PLATFORM));
        body.put("previous_values", Map.of("plan_id", instance.plan()));
        return body;
    }

    @Test
    @DisplayName("If accepts_incomplete is not included and the broker can only update asynchronously, it MUST reject with 422 and error AsyncRequired")
    void updating_acceptsIncomplete_missing_is422AsyncRequired() {
        target.requireAsync();
        OsbHttp.Response refused = target.http().patch(instance.path(), body(null, Map.of()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().path("error").asText()).isEqualTo("AsyncRequired");
    }

    @Test
    @DisplayName("202 Accepted while the update is in progress; without plan_id the Service Broker MUST NOT change the Service Plan")
    void updating_parameters_is202ThenSucceeded_planUnchanged() {
        Map<String, Object> parameters = target.junction() ? Map.of("size", "large") : Map.of();
        OsbHttp.Response accepted = target.http().patch(instance.path() + "?accepts_incomplete=true", body(null, parameters));
        assertThat(accepted.status()).as(accepted + target.logTail()).isIn(200, 202);
        if (accepted.status() == 202) {
            OsbHttp.Response done = target.instances().await(instance.path(), accepted.json().path("operation").asText(null));
            assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("succeeded");
        }
        JsonNode fetched = target.http().get(instance.path()).json();
        if (fetched.has("plan_id")) {
            assertThat(fetched.path("plan_id").asText()).isEqualTo(instance.plan());
        }
        if (target.junction()) {
            assertThat(fetched.path("parameters").path("size").asText()).isEqualTo("large");
        }
    }

    @Test
    @DisplayName("400 Bad Request for invalid data; on a 4xx the Service Broker MUST NOT apply any of the requested changes")
    void updating_unknownPlan_is400AndChangesNothing() {
        OsbHttp.Response refused = target.http().patch(instance.path() + "?accepts_incomplete=true",
                body("no-such-plan", null));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("description").asText()).isNotEmpty();
        JsonNode fetched = target.http().get(instance.path()).json();
        if (fetched.has("plan_id")) {
            assertThat(fetched.path("plan_id").asText()).isEqualTo(instance.plan());
        }
    }

    @Test
    @DisplayName("A failed update answers state failed; instance_usable and update_repeatable, if present, are booleans; the instance keeps its plan")
    void updating_failed_reportsFailedWithInstanceUsable() {
        target.requireJunction("a plan whose stencil fails");
        OsbHttp.Response accepted = target.http().patch(instance.path() + "?accepts_incomplete=true",
                body(OsbTarget.FAILING, null));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        OsbHttp.Response failed = target.instances().await(instance.path(), accepted.json().path("operation").asText());
        JsonNode body = failed.json();
        assertThat(body.path("state").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(body.path("description").asText()).isNotEmpty();
        assertThat(body.path("instance_usable").isBoolean()).as("Junction says whether it is usable").isTrue();
        assertThat(body.path("update_repeatable").isBoolean()).isTrue();
        assertThat(target.http().get(instance.path()).json().path("plan_id").asText()).as("the previous plan")
                .isEqualTo(instance.plan());
    }

    @Test
    @DisplayName("422 Unprocessable entity MUST be returned if the requested change is not supported (a plan change where plan_updateable is false)")
    void updating_planChangeNotSupported_is422() {
        target.requireJunction("a service whose plan_updateable is false");
        Instances.Ready fixed = target.instances().shared("unbindable", OsbTarget.FIXED_SERVICE, OsbTarget.UNBINDABLE, null);
        OsbHttp.Response refused = target.http().patch(fixed.path() + "?accepts_incomplete=true",
                Map.of("service_id", fixed.service(), "plan_id", OsbTarget.FIXED_OTHER));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().path("description").asText()).as("a meaningful error message").isNotEmpty();
        assertThat(target.http().get(fixed.path()).json().path("plan_id").asText()).isEqualTo(OsbTarget.UNBINDABLE);
    }

    @Test
    @DisplayName("A re-sent PATCH MUST return 202 Accepted, not 200 OK, if the requested update has not yet completed; the operation MUST match the original's")
    void updating_resentWhileInProgress_is202SameOperation() {
        target.requireJunction("an update that runs for seconds (the slow plan)");
        Instances.Ready slow = target.instances().shared("slow", OsbTarget.SERVICE, OsbTarget.SLOW, null);
        Map<String, Object> update = Map.of("service_id", slow.service(), "parameters", Map.of("size", "small"));
        OsbHttp.Response first = target.http().patch(slow.path() + "?accepts_incomplete=true", update);
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        OsbHttp.Response again = target.http().patch(slow.path() + "?accepts_incomplete=true", update);
        try {
            assertThat(again.status()).as(again.toString()).isEqualTo(202);
            assertThat(again.json().path("operation").asText()).isEqualTo(first.json().path("operation").asText());
        } finally {
            target.instances().await(slow.path(), first.json().path("operation").asText());
        }
    }
}
