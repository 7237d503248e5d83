package dev.junction.conformance;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instances and bindings the suite makes: request bodies as a platform sends them, operations awaited
 * by polling {@code last_operation} as often as the broker's {@code Retry-After} says, instances several
 * classes share (provisioned once, in the background), and what is left deprovisioned at the end.
 */
public final class Instances {

    /** How long one operation may take before the test fails; the test plans take seconds. */
    static final Duration OPERATION = Duration.ofSeconds(Long.getLong("osb.operation-seconds", 90));
    private static final Duration DEFAULT_POLL = Duration.ofSeconds(1);

    /** A provisioned instance: its id and what it was provisioned with. */
    public record Ready(String id, String service, String plan, Map<String, Object> parameters) {
        public String path() {
            return instancePath(id);
        }
    }

    private final OsbTarget target;
    private final List<String[]> created = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Ready>> shared = new ConcurrentHashMap<>();
    /** Threads of their own: the common pool of a 2-core machine would provision one instance at a time. */
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "conformance-provision");
        thread.setDaemon(true);
        return thread;
    });

    Instances(OsbTarget target) {
        this.target = target;
    }

    public static String newId(String what) {
        return "conformance-" + what + "-" + UUID.randomUUID();
    }

    public static String instancePath(String id) {
        return "/v2/service_instances/" + id;
    }

    public static String bindingPath(String instanceId, String bindingId) {
        return instancePath(instanceId) + "/service_bindings/" + bindingId;
    }

    /** A provision body with the context and the deprecated organization and space a platform sends. */
    public static Map<String, Object> provisionBody(String service, String plan, Map<String, Object> parameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service_id", service);
        body.put("plan_id", plan);
        body.put("organization_guid", "conformance-org");
        body.put("space_guid", "conformance-space");
        body.put("context", Map.of("platform", OsbHttp.PLATFORM, "organization_guid", "conformance-org",
                "space_guid", "conformance-space"));
        if (parameters != null) {
            body.put("parameters", parameters);
        }
        return body;
    }

    public static Map<String, Object> bindBody(String service, String plan) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service_id", service);
        body.put("plan_id", plan);
        body.put("bind_resource", Map.of("app_guid", "conformance-app"));
        body.put("context", Map.of("platform", OsbHttp.PLATFORM));
        return body;
    }

    public static String deleteQuery(String service, String plan) {
        return "?accepts_incomplete=true&service_id=" + service + "&plan_id=" + plan;
    }

    /** Sends a provision ({@code accepts_incomplete=true} for an asynchronous broker) and remembers the id. */
    public OsbHttp.Response provision(String id, String service, String plan, Map<String, Object> parameters) {
        created.add(new String[]{id, service, plan});
        return target.http().put(instancePath(id) + (target.async() ? "?accepts_incomplete=true" : ""),
                provisionBody(service, plan, parameters));
    }

    /** A new instance of the plan, provisioned to the end; fails the test unless it succeeds. */
    public Ready provisioned(String what, String service, String plan, Map<String, Object> parameters) {
        String id = newId(what);
        provisionedWith(id, provisionBody(service, plan, parameters));
        return new Ready(id, service, plan, parameters);
    }

    /** Provisions with this body to the end; fails the test unless it succeeds. */
    @SuppressWarnings("unchecked")
    public Ready provisionedWith(String id, Map<String, Object> body) {
        String service = (String) body.get("service_id");
        String plan = (String) body.get("plan_id");
        created.add(new String[]{id, service, plan});
        OsbHttp.Response accepted = target.http().put(instancePath(id) + (target.async() ? "?accepts_incomplete=true" : ""),
                body);
        assertThat(accepted.status()).as(accepted + target.logTail()).isIn(200, 201, 202);
        if (accepted.status() == 202) {
            OsbHttp.Response done = await(instancePath(id), accepted.json().path("operation").asText(null));
            assertThat(done.json().path("state").asText()).as(done + target.logTail()).isEqualTo("succeeded");
        }
        return new Ready(id, service, plan, (Map<String, Object>) body.get("parameters"));
    }

    /**
     * An instance shared by the classes that only read it or leave it as they found it, provisioned once;
     * {@code prepare} starts it in the background so several are made at the same time.
     */
    public CompletableFuture<Ready> prepare(String key, String service, String plan, Map<String, Object> parameters) {
        return shared.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(
                () -> provisioned(k, service, plan, parameters), background));
    }

    /** Starts, in the background, the shared instances the classes will ask for. */
    void warmUp() {
        prepare("ready", target.service(), target.plan(), null);
        prepare("deprovision", target.service(), target.plan(), null);
        if (target.junction()) {
            prepare("slow", OsbTarget.SERVICE, OsbTarget.SLOW, null);
            prepare("unbindable", OsbTarget.FIXED_SERVICE, OsbTarget.UNBINDABLE, null);
            prepare("badbind", OsbTarget.SERVICE, OsbTarget.BAD_BIND, null);
        }
    }

    public Ready shared(String key, String service, String plan, Map<String, Object> parameters) {
        return prepare(key, service, plan, parameters).join();
    }

    /** The instance of the configured plan most tests use. */
    public Ready ready() {
        return shared("ready", target.service(), target.plan(), null);
    }

    /**
     * Polls {@code last_operation} of an instance or binding until the operation is no longer in progress,
     * waiting as long as {@code Retry-After} says between polls; answers the last poll (a 410 included).
     */
    public OsbHttp.Response await(String resourcePath, String operation) {
        String query = operation == null ? "" : "?operation=" + operation;
        Instant until = Instant.now().plus(OPERATION);
        OsbHttp.Response last;
        do {
            last = target.http().get(resourcePath + "/last_operation" + query);
            if (last.status() != 200 || !"in progress".equals(last.json().path("state").asText())) {
                return last;
            }
            sleep(last.retryAfter(DEFAULT_POLL));
        } while (Instant.now().isBefore(until));
        throw new AssertionError("the operation " + operation + " of " + resourcePath + " was still in progress after "
                + OPERATION + ": " + last + target.logTail());
    }

    /** Binds to the end (the 202's operation polled until it succeeds); answers the operation, if any. */
    public String bound(Ready instance, String bindingId) {
        String path = bindingPath(instance.id(), bindingId) + (target.async() ? "?accepts_incomplete=true" : "");
        OsbHttp.Response accepted = target.http().put(path, bindBody(instance.service(), instance.plan()));
        assertThat(accepted.status()).as(accepted + target.logTail()).isIn(201, 202);
        if (accepted.status() == 202) {
            assertThat(accepted.json().has("credentials")).as("202: credentials MUST NOT be returned").isFalse();
            OsbHttp.Response done = await(bindingPath(instance.id(), bindingId), accepted.json().path("operation").asText(null));
            assertThat(done.json().path("state").asText()).as(done + target.logTail()).isEqualTo("succeeded");
        }
        return accepted.json().path("operation").asText(null);
    }

    /** Unbinds and waits until the binding is gone. */
    public void unbind(Ready instance, String bindingId) {
        OsbHttp.Response deleted = target.http().delete(bindingPath(instance.id(), bindingId)
                + deleteQuery(instance.service(), instance.plan()));
        if (deleted.status() == 202) {
            await(bindingPath(instance.id(), bindingId), deleted.json().path("operation").asText(null));
        }
    }

    /** Deprovisions an instance and waits until it is gone; answers the DELETE's answer. */
    public OsbHttp.Response deprovision(Ready instance) {
        OsbHttp.Response deleted = target.http().delete(instance.path() + deleteQuery(instance.service(), instance.plan()));
        if (deleted.status() == 202) {
            await(instance.path(), deleted.json().path("operation").asText(null));
        }
        return deleted;
    }

    /** The last poll of the latest operation, for an instance whose operation is being waited for. */
    public JsonNode lastOperation(String resourcePath) {
        return target.http().get(resourcePath + "/last_operation").json();
    }

    /**
     * On a broker of someone else's, deprovisions what the suite created (awaiting what still runs); a
     * Junction started here is discarded with its data instead.
     */
    void cleanUp(boolean deprovision) {
        if (!deprovision) {
            return;
        }
        for (String[] instance : created) {
            try {
                Ready ready = new Ready(instance[0], instance[1], instance[2], null);
                await(ready.path(), null);
                OsbHttp.Response deleted = deprovision(ready);
                if (deleted.status() >= 300 && deleted.status() != 410) {
                    System.err.println("conformance: could not deprovision " + ready.id() + ": " + deleted);
                }
            } catch (RuntimeException | AssertionError e) {
                System.err.println("conformance: could not deprovision " + instance[0] + ": " + e.getMessage());
            }
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(50, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
