package dev.junction.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.junction.conformance.Instances.deleteQuery;
import static dev.junction.conformance.Instances.instancePath;
import static dev.junction.conformance.Instances.newId;
import static org.assertj.core.api.Assertions.assertThat;

/** Deprovisioning, and Orphan Mitigation of instances: {@code DELETE /v2/service_instances/:instance_id}. */
@ExtendWith(OsbTarget.Extension.class)
@DisplayName("Deprovisioning")
class DeprovisioningConformance {

    static OsbTarget target;

    @BeforeAll
    static void prepare() {
        target = OsbTarget.current();
        target.instances().prepare("deprovision", target.service(), target.plan(), null);
    }

    @Test
    @DisplayName("410 Gone MUST be returned if the Service Instance does not exist")
    void deprovisioning_unknownInstance_is410() {
        OsbHttp.Response gone = target.http().delete(instancePath(newId("unknown")) + deleteQuery(target.service(), target.plan()));
        assertThat(gone.status()).as(gone.toString()).isEqualTo(410);
    }

    @Test
    @DisplayName("400 Bad Request MUST be returned if the request is missing mandatory data: service_id* and plan_id* are required")
    void deprovisioning_missingServiceOrPlan_is400() {
        Instances.Ready ready = target.instances().ready();
        assertThat(target.http().delete(ready.path() + "?accepts_incomplete=true&plan_id=" + ready.plan()).status()).isEqualTo(400);
        assertThat(target.http().delete(ready.path() + "?accepts_incomplete=true&service_id=" + ready.service()).status())
                .isEqualTo(400);
        assertThat(target.http().get(ready.path()).status()).as("a 4xx changes nothing").isEqualTo(200);
    }

    @Test
    @DisplayName("If accepts_incomplete is not included and the broker can only deprovision asynchronously, it MUST reject with 422 and error AsyncRequired")
    void deprovisioning_acceptsIncomplete_missing_is422AsyncRequired() {
        target.requireAsync();
        Instances.Ready ready = target.instances().ready();
        OsbHttp.Response refused = target.http().delete(ready.path() + "?service_id=" + ready.service() + "&plan_id=" + ready.plan());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().path("error").asText()).isEqualTo("AsyncRequired");
        assertThat(target.http().get(ready.path()).status()).as("a 4xx changes nothing").isEqualTo(200);
    }

    @Test
    @DisplayName("202 Accepted while deleting; a re-sent DELETE MUST return 202 with the same operation until done; then last_operation 410, fetch 404, DELETE 410")
    void deprovisioning_async_is202ThenGone() {
        Instances.Ready ready = target.instances().shared("deprovision", target.service(), target.plan(), null);
        String query = deleteQuery(ready.service(), ready.plan());
        OsbHttp.Response accepted = target.http().delete(ready.path() + query);
        assertThat(accepted.status()).as(accepted.toString()).isIn(200, 202);
        if (accepted.status() == 202) {
            String operation = accepted.json().path("operation").asText(null);
            OsbHttp.Response again = target.http().delete(ready.path() + query);
            if (again.status() == 202) {
                assertThat(again.json().path("operation").asText(null)).isEqualTo(operation);
            } else {
                assertThat(again.status()).as("done already: " + again).isIn(200, 410);
            }
            OsbHttp.Response done = target.instances().await(ready.path(), operation);
            assertThat(done.status() == 410 || "succeeded".equals(done.json().path("state").asText()))
                    .as("410 Gone: the Platform MUST consider this response a success: " + done).isTrue();
            if (target.junction()) {
                assertThat(done.status()).as("Junction answers a finished deprovision with 410").isEqualTo(410);
                assertThat(target.http().get(ready.path() + "/last_operation").status()).isEqualTo(410);
            }
        }
        assertThat(target.http().get(ready.path()).status()).isEqualTo(404);
        assertThat(target.http().delete(ready.path() + query).status()).isEqualTo(410);
    }

    /** An instance whose provision failed (every operation of its plan's stencil fails), and its failed poll. */
    private static OsbHttp.Response failedProvision(String id) {
        OsbHttp.Response accepted = target.instances().provision(id, OsbTarget.SERVICE, OsbTarget.FAILING, null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return target.instances().await(instancePath(id), accepted.json().path("operation").asText());
    }

    @Test
    @DisplayName("Orphan Mitigation: after last_operation says failed for a provision, the Platform deletes the instance, and keeps trying until the broker answers success")
    void orphanMitigation_failedProvision_isDeletedUntilSuccess() {
        target.requireJunction("a plan whose provision fails");
        String id = newId("failed");
        OsbHttp.Response failed = failedProvision(id);
        JsonNode body = failed.json();
        assertThat(failed.status()).as("a failed operation is 200 with state failed, never an error status").isEqualTo(200);
        assertThat(body.path("state").asText()).isEqualTo("failed");
        assertThat(body.path("description").asText()).as("a user-facing message").isNotEmpty();
        assertThat(body.has("instance_usable")).as("instance_usable MUST NOT be present for a provision").isFalse();
        assertThat(body.has("update_repeatable")).as("update_repeatable MUST NOT be present for a provision").isFalse();
        String query = deleteQuery(OsbTarget.SERVICE, OsbTarget.FAILING);
        for (int attempt = 1; attempt <= 2; attempt++) {
            OsbHttp.Response mitigated = target.http().request("DELETE", instancePath(id) + query)
                    .without(OsbHttp.ORIGINATING_IDENTITY).send();
            assertThat(mitigated.status()).as("attempt " + attempt + ": " + mitigated).isIn(200, 202);
            if (mitigated.status() == 200) {
                break;
            }
            OsbHttp.Response done = target.instances().await(instancePath(id), mitigated.json().path("operation").asText());
            if (done.status() == 410) {
                assertThat(target.http().delete(instancePath(id) + query).status()).isEqualTo(410);
                return;
            }
            // this plan's stencil fails its deprovision too: the broker says so, and takes the next attempt
            assertThat(done.json().path("state").asText()).as(done.toString()).isEqualTo("failed");
            assertThat(done.json().path("description").asText()).isNotEmpty();
        }
    }

    @Test
    @DisplayName("instance_usable: if a deprovisioning failed, whether the instance is still usable; one whose provision failed never was")
    void deprovisioning_failedOfFailedInstance_isNotUsable() {
        target.requireJunction("a plan whose provision and deprovision fail");
        String id = newId("never-usable");
        failedProvision(id);
        OsbHttp.Response deleted = target.http().delete(instancePath(id) + deleteQuery(OsbTarget.SERVICE, OsbTarget.FAILING));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
        JsonNode done = target.instances().await(instancePath(id), deleted.json().path("operation").asText()).json();
        assertThat(done.path("state").asText()).isEqualTo("failed");
        assertThat(done.path("instance_usable").asBoolean(true)).as(done.toString()).isFalse();
    }

    @Test
    @DisplayName("A deprovision during provisioning MUST halt the creation and delete what was made, or is refused with 422 ConcurrencyError")
    void deprovisioning_duringProvisioning_haltsOrIs422ConcurrencyError() {
        target.requireAsync();
        String id = newId("delete-early");
        String plan = target.junction() ? OsbTarget.SLOW : target.plan();
        OsbHttp.Response accepted = target.instances().provision(id, target.service(), plan, null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        OsbHttp.Response deleted = target.http().delete(instancePath(id) + deleteQuery(target.service(), plan));
        if (deleted.status() == 422) {
            assertThat(deleted.json().path("error").asText()).isEqualTo("ConcurrencyError");
            target.instances().await(instancePath(id), accepted.json().path("operation").asText(null));
            return;
        }
        assertThat(deleted.status()).as(deleted.toString()).isIn(200, 202);
        if (deleted.status() == 202) {
            OsbHttp.Response done = target.instances().await(instancePath(id), deleted.json().path("operation").asText(null));
            assertThat(done.status() == 410 || "succeeded".equals(done.json().path("state").asText())).as(done.toString()).isTrue();
        }
        assertThat(target.http().get(instancePath(id)).status()).isEqualTo(404);
    }
}
