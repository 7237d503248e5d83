package dev.junction.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static dev.junction.conformance.Instances.instancePath;
import static dev.junction.conformance.Instances.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Polling Last Operation for Service Instances (and Service Bindings), and Polling Interval and Duration. */
@ExtendWith(OsbTarget.Extension.class)
@DisplayName("Polling Last Operation")
class PollingConformance {

    @Test
    @DisplayName("While in progress: 200 with state \"in progress\"; Retry-After MAY say when to poll again, RECOMMENDED as a duration")
    void lastOperation_inProgress_hasStateAndRetryAfter() {
        OsbTarget target = OsbTarget.current();
        target.requireAsync();
        String id = newId("poll");
        String plan = target.junction() ? OsbTarget.SLOW : target.plan();
        OsbHttp.Response accepted = target.instances().provision(id, target.service(), plan, null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String operation = accepted.json().path("operation").asText(null);
        OsbHttp.Response polled = target.http().get(instancePath(id) + "/last_operation"
                + "?service_id=" + target.service() + "&plan_id=" + plan + (operation == null ? "" : "&operation=" + operation));
        assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
        JsonNode body = polled.json();
        assumeTrue(target.junction() || "in progress".equals(body.path("state").asText()), "finished already");
        assertThat(body.path("state").asText()).isEqualTo("in progress");
        String retryAfter = polled.header("Retry-After");
        if (target.junction()) {
            assertThat(retryAfter).as("Junction says when to poll again").isNotNull();
        }
        if (retryAfter != null) {
            assertThat(retryAfter).as("a duration in seconds is RECOMMENDED").matches("\\d{1,6}");
        }
        if (body.has("description")) {
            assertThat(body.get("description").asText()).as("if present, MUST be a non-empty string").isNotEmpty();
        }
        OsbHttp.Response done = target.instances().await(instancePath(id), operation);
        assertThat(done.json().path("state").asText()).isEqualTo("succeeded");
    }

    @Test
    @DisplayName("state* is one of in progress, succeeded, failed; Service Brokers SHOULD NOT forget the state of an operation right after returning it")
    void lastOperation_succeeded_isRemembered() {
        OsbTarget target = OsbTarget.current();
        target.requireAsync();
        Instances.Ready ready = target.instances().ready();
        for (int i = 0; i < 2; i++) {
            OsbHttp.Response polled = target.http().get(ready.path() + "/last_operation");
            assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
            assertThat(polled.json().path("state").asText()).isIn("in progress", "succeeded", "failed");
            assertThat(polled.header("Content-Type")).startsWith("application/json");
        }
        if (target.junction()) {
            for (int i = 0; i < 2; i++) {
                OsbHttp.Response polled = target.http().get(ready.path() + "/last_operation?operation=task-1");
                assertThat(polled.json().path("state").asText()).as("the provision, asked for again: " + polled)
                        .isEqualTo("succeeded");
                Instances.sleep(Duration.ofMillis(200));
            }
        }
    }

    @Test
    @DisplayName("404 Not Found MUST be returned if the Service Instance being polled does not exist")
    void lastOperation_unknownInstance_is404() {
        OsbHttp.Response polled = OsbTarget.current().http().get(instancePath(newId("unknown")) + "/last_operation");
        assertThat(polled.status()).as(polled.toString()).isEqualTo(404);
    }

    @Test
    @DisplayName("400 Bad Request MAY be returned if the request contains invalid data (an operation the broker never returned), with a description")
    void lastOperation_invalidOperation_is400Or404() {
        OsbTarget target = OsbTarget.current();
        Instances.Ready ready = target.instances().ready();
        OsbHttp.Response polled = target.http().get(ready.path() + "/last_operation?operation=not-an-operation-of-this-broker");
        assertThat(polled.status()).as(polled.toString()).isIn(400, 404, 200);
        if (target.junction()) {
            assertThat(polled.status()).isEqualTo(400);
            assertThat(polled.json().path("description").asText()).contains("operation");
        }
    }
}
