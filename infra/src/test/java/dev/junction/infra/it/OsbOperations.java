package dev.junction.infra.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

/**
 * The asynchronous OSB operations of a benchmark: each request is sent with {@code accepts_incomplete=true}
 * and its {@code last_operation} polled every {@code pollMillis} until it is no longer in progress. A request
 * refused with 422 ConcurrencyError (the instance is still busy with an earlier task) is sent again after a
 * poll interval and counted.
 */
final class OsbOperations {

    static final Duration LIMIT = Duration.ofSeconds(120);

    private final OsbClient osb;
    private final long pollMillis;
    private final String service;
    private final String plan;
    private final java.util.concurrent.atomic.AtomicLong busyRetries = new java.util.concurrent.atomic.AtomicLong();

    OsbOperations(OsbClient osb, long pollMillis, String service, String plan) {
        this.osb = osb;
        this.pollMillis = pollMillis;
        this.service = service;
        this.plan = plan;
    }

    long busyRetries() {
        return busyRetries.get();
    }

    /** Provisions instance {@code id} and waits until it has succeeded (an AssertionError otherwise). */
    void provision(String id) {
        String path = "/v2/service_instances/" + id;
        Object body = java.util.Map.of("service_id", service, "plan_id", plan, "organization_guid", "org",
                "space_guid", "space");
        complete(path, send("PUT", path + "?accepts_incomplete=true", body), false);
    }

    void bind(String id, String bindingId) {
        String path = "/v2/service_instances/" + id + "/service_bindings/" + bindingId;
        complete(path, send("PUT", path + "?accepts_incomplete=true",
                java.util.Map.of("service_id", service, "plan_id", plan)), false);
    }

    /** The binding's credentials; an AssertionError unless the dummy stencil's username is among them. */
    JsonNode credentials(String id, String bindingId) {
        OsbClient.Response r = osb.get("/v2/service_instances/" + id + "/service_bindings/" + bindingId);
        JsonNode credentials = r.json().path("credentials");
        if (r.status() != 200 || !"dummy".equals(credentials.path("username").asText())) {
            throw new AssertionError("fetching the binding of " + id + ": " + r.status());
        }
        return credentials;
    }

    void unbind(String id, String bindingId) {
        String path = "/v2/service_instances/" + id + "/service_bindings/" + bindingId;
        complete(path, send("DELETE", path + "?accepts_incomplete=true&service_id=" + service + "&plan_id=" + plan,
                null), true);
    }

    void deprovision(String id) {
        String path = "/v2/service_instances/" + id;
        complete(path, send("DELETE", path + "?accepts_incomplete=true&service_id=" + service + "&plan_id=" + plan,
                null), true);
    }

    private OsbClient.Response send(String method, String path, Object body) {
        Instant until = Instant.now().plus(LIMIT);
        while (true) {
            OsbClient.Response r = osb.send(method, path, body, "2.17");
            if (r.status() == 202) {
                return r;
            }
            if (r.status() != 422 || !"ConcurrencyError".equals(r.json().path("error").asText())
                    || Instant.now().isAfter(until)) {
                throw new AssertionError(method + " " + path + " answered " + r);
            }
            busyRetries.incrementAndGet();
            OsbClient.sleep(pollMillis);
        }
    }

    /** Polls until done: {@code succeeded}, or 410 Gone where the operation removes what it ran on. */
    private void complete(String path, OsbClient.Response accepted, boolean removes) {
        String poll = path + "/last_operation?operation=" + accepted.json().path("operation").asText();
        Instant until = Instant.now().plus(LIMIT);
        while (true) {
            OsbClient.Response r = osb.get(poll);
            String state = r.json().path("state").asText();
            if (r.status() == 200 && "succeeded".equals(state) || removes && r.status() == 410) {
                return;
            }
            if (r.status() != 200 || !"in progress".equals(state) || Instant.now().isAfter(until)) {
                throw new AssertionError("GET " + poll + " answered " + r);
            }
            OsbClient.sleep(pollMillis);
        }
    }
}
