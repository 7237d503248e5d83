package dev.junction.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static dev.junction.conformance.Instances.bindingPath;
import static dev.junction.conformance.Instances.deleteQuery;
import static dev.junction.conformance.Instances.newId;
import static org.assertj.core.api.Assertions.assertThat;

/** Unbinding: {@code DELETE .../service_bindings/:binding_id}. */
@ExtendWith(OsbTarget.Extension.class)
@DisplayName("Unbinding")
class UnbindingConformance {

    static OsbTarget target;
    static Instances.Ready instance;

    @BeforeAll
    static void provision() {
        target = OsbTarget.current();
        instance = target.instances().ready();
    }

    @Test
    @DisplayName("410 Gone MUST be returned if the Service Binding does not exist")
    void unbinding_unknownBinding_is410() {
        OsbHttp.Response gone = target.http().delete(bindingPath(instance.id(), newId("unknown"))
                + deleteQuery(instance.service(), instance.plan()));
        assertThat(gone.status()).as(gone.toString()).isEqualTo(410);
    }

    @Test
    @DisplayName("400 Bad Request MUST be returned if the request is missing mandatory data: service_id* and plan_id* are required query parameters")
    void unbinding_missingServiceOrPlan_is400() {
        String binding = bindingPath(instance.id(), newId("missing"));
        assertThat(target.http().delete(binding + "?accepts_incomplete=true&plan_id=" + instance.plan()).status())
                .isEqualTo(400);
        assertThat(target.http().delete(binding + "?accepts_incomplete=true&service_id=" + instance.service()).status())
                .isEqualTo(400);
    }

    @Test
    @DisplayName("202 Accepted while unbinding; then the binding is gone: last_operation 410 (or succeeded), fetch 404, a second DELETE 410")
    void unbinding_async_is202ThenGone() {
        String bindingId = newId("unbind");
        target.instances().bound(instance, bindingId);
        String binding = bindingPath(instance.id(), bindingId);
        OsbHttp.Response accepted = target.http().delete(binding + deleteQuery(instance.service(), instance.plan()));
        assertThat(accepted.status()).as(accepted.toString()).isIn(200, 202);
        if (accepted.status() == 202) {
            OsbHttp.Response done = target.instances().await(binding, accepted.json().path("operation").asText(null));
            assertThat(done.status() == 410 || "succeeded".equals(done.json().path("state").asText()))
                    .as("410 Gone: the Platform MUST consider this response a success: " + done).isTrue();
            if (target.junction()) {
                assertThat(done.status()).as("Junction answers a finished unbind with 410").isEqualTo(410);
            }
        }
        assertThat(target.http().get(binding).status()).isEqualTo(404);
        assertThat(target.http().delete(binding + deleteQuery(instance.service(), instance.plan())).status()).isEqualTo(410);
    }

    @Test
    @DisplayName("If the Service Binding is being processed by some other operation and cannot be deleted, 422 with error ConcurrencyError MUST be returned")
    void unbinding_whileInstanceBusy_is422ConcurrencyError() {
        target.requireJunction("an update that runs for seconds (the slow plan)");
        Instances.Ready slow = target.instances().shared("slow", OsbTarget.SERVICE, OsbTarget.SLOW, null);
        String bindingId = newId("busy-unbind");
        target.instances().bound(slow, bindingId);
        OsbHttp.Response update = target.http().patch(slow.path() + "?accepts_incomplete=true",
                Map.of("service_id", slow.service(), "parameters", Map.of("size", "large")));
        assertThat(update.status()).as(update.toString()).isEqualTo(202);
        OsbHttp.Response busy = target.http().delete(bindingPath(slow.id(), bindingId) + deleteQuery(slow.service(), slow.plan()));
        target.instances().await(slow.path(), update.json().path("operation").asText());
        assertThat(busy.status()).as(busy.toString()).isEqualTo(422);
        assertThat(busy.json().path("error").asText()).isEqualTo("ConcurrencyError");
    }

    @Test
    @DisplayName("Orphan Mitigation: after a binding's last_operation says failed, the Platform deletes it; the broker answers success (200, 202 or 410)")
    void orphanMitigation_failedBinding_canBeUnbound() {
        target.requireJunction("a plan whose binds fail");
        Instances.Ready bad = target.instances().shared("badbind", OsbTarget.SERVICE, OsbTarget.BAD_BIND, null);
        String bindingId = newId("failed-bind");
        String binding = bindingPath(bad.id(), bindingId);
        OsbHttp.Response accepted = target.http().put(binding + "?accepts_incomplete=true",
                Instances.bindBody(bad.service(), bad.plan()));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        OsbHttp.Response failed = target.instances().await(binding, accepted.json().path("operation").asText());
        assertThat(failed.json().path("state").asText()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.json().path("description").asText()).isNotEmpty();
        assertThat(failed.json().has("instance_usable")).as("MUST NOT be present for a bind").isFalse();
        OsbHttp.Response mitigated = target.http().request("DELETE", binding + deleteQuery(bad.service(), bad.plan()))
                .without(OsbHttp.ORIGINATING_IDENTITY).send();
        assertThat(mitigated.status()).as(mitigated.toString()).isIn(200, 202, 410);
        if (mitigated.status() == 202) {
            target.instances().await(binding, mitigated.json().path("operation").asText());
        }
        assertThat(target.http().get(binding).status()).isEqualTo(404);
    }
}
