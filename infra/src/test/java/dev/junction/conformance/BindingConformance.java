package dev.junction.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static dev.junction.conformance.Instances.bindBody;
import static dev.junction.conformance.Instances.bindingPath;
import static dev.junction.conformance.Instances.newId;
import static org.assertj.core.api.Assertions.assertThat;

/** Binding and Fetching a Service Binding: {@code PUT} and {@code GET .../service_bindings/:binding_id}. */
@ExtendWith(OsbTarget.Extension.class)
@DisplayName("Binding")
class BindingConformance {

    static OsbTarget target;
    static Instances.Ready instance;

    @BeforeAll
    static void provision() {
        target = OsbTarget.current();
        if (target.junction()) {
            target.instances().prepare("unbindable", OsbTarget.FIXED_SERVICE, OsbTarget.UNBINDABLE, null);
        }
        instance = target.instances().ready();
    }

    static String bound(String bindingId) {
        return target.instances().bound(instance, bindingId);
    }

    static void unbind(String bindingId) {
        target.instances().unbind(instance, bindingId);
    }

    @Test
    @DisplayName("If accepts_incomplete is not included and the broker can only bind asynchronously, it MUST reject with 422 and error AsyncRequired")
    void binding_acceptsIncomplete_missing_is422AsyncRequired() {
        target.requireAsync();
        String binding = newId("sync-bind");
        OsbHttp.Response refused = target.http().put(bindingPath(instance.id(), binding), bindBody(instance.service(), instance.plan()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().path("error").asText()).isEqualTo("AsyncRequired");
        assertThat(target.http().get(bindingPath(instance.id(), binding)).status()).as("a 4xx changes nothing").isEqualTo(404);
    }

    @Test
    @DisplayName("202 Accepted while binding, without credentials; once last_operation says succeeded, Fetching a Service Binding MUST be available immediately, with credentials")
    void binding_async_is202_thenFetchable() {
        String binding = newId("bind");
        bound(binding);
        OsbHttp.Response fetched = target.http().get(bindingPath(instance.id(), binding));
        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
        assertThat(fetched.json().path("credentials").isObject()).as("credentials MUST be returned when bound asynchronously")
                .isTrue();
        if (target.junction()) {
            assertThat(fetched.json().path("credentials").path("username").asText()).isEqualTo("dummy");
        }
        unbind(binding);
    }

    @Test
    @DisplayName("A re-sent PUT MUST return 202 with the original operation while binding, and 200 OK SHOULD be returned once it exists with identical parameters")
    void binding_resent_isSameOperationThen200() {
        String binding = newId("rebind");
        String path = bindingPath(instance.id(), binding) + "?accepts_incomplete=true";
        target.requireAsync();
        OsbHttp.Response first = target.http().put(path, bindBody(instance.service(), instance.plan()));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        OsbHttp.Response again = target.http().put(path, bindBody(instance.service(), instance.plan()));
        if (again.status() == 202) {
            assertThat(again.json().path("operation").asText(null)).isEqualTo(first.json().path("operation").asText(null));
        } else {
            assertThat(again.status()).as(again.toString()).isEqualTo(200);
        }
        target.instances().await(bindingPath(instance.id(), binding), first.json().path("operation").asText(null));
        OsbHttp.Response done = target.http().put(path, bindBody(instance.service(), instance.plan()));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        unbind(binding);
    }

    @Test
    @DisplayName("409 Conflict MUST be returned if a Service Binding with the same id already exists but with different parameters")
    void binding_sameIdOtherParameters_is409() {
        String binding = newId("conflict");
        bound(binding);
        Map<String, Object> other = new java.util.LinkedHashMap<>(bindBody(instance.service(), instance.plan()));
        other.put("context", Map.of("platform", OsbHttp.PLATFORM, "x-conformance", "other"));
        other.put("parameters", Map.of());
        OsbHttp.Response conflict = target.http().put(bindingPath(instance.id(), binding) + "?accepts_incomplete=true", other);
        assertThat(conflict.status()).as(conflict.toString()).isEqualTo(409);
        unbind(binding);
    }

    @Test
    @DisplayName("404 Not Found MUST be returned if the Service Binding does not exist (fetch and last_operation)")
    void fetchingBinding_unknown_is404() {
        String binding = bindingPath(instance.id(), newId("unknown"));
        assertThat(target.http().get(binding).status()).isEqualTo(404);
        assertThat(target.http().get(binding + "/last_operation").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("Platforms MUST NOT bind to a plan that is not bindable; a broker refuses such a request with 400 and a description")
    void binding_unbindablePlan_is400() {
        target.requireJunction("a plan with bindable: false");
        Instances.Ready unbindable = target.instances().shared("unbindable", OsbTarget.FIXED_SERVICE, OsbTarget.UNBINDABLE, null);
        String binding = newId("unbindable");
        OsbHttp.Response refused = target.http().put(bindingPath(unbindable.id(), binding) + "?accepts_incomplete=true",
                bindBody(unbindable.service(), unbindable.plan()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        JsonNode body = refused.json();
        assertThat(body.path("description").asText()).contains("bindable");
        assertThat(body.has("instance_usable")).as("instance_usable MUST NOT be present for errors of a bind").isFalse();
        assertThat(target.http().get(bindingPath(unbindable.id(), binding)).status()).isEqualTo(404);
    }
}
