package dev.junction.query.operator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.query.instance.InstanceViews;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.concurrent.Callable;

/** The operator's reads of service instances ({@code /b/...}): what runs, what ran, who asked. */
@RestController
public class OperatorQueryController {

    /** The longest listing answered at once: a listing reads every view it shows. */
    static final int MAX_LISTED = 10_000;

    private final InstanceViews views;
    private final ServiceCatalog catalog;

    public OperatorQueryController(InstanceViews views, ServiceCatalog catalog) {
        this.views = views;
        this.catalog = catalog;
    }

    @GetMapping("/b/instances")
    public Mono<ArrayNode> instances() {
        return blocking(() -> {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            views.list(MAX_LISTED).forEach(v -> array.add(OperatorInstanceJson.summary(v)));
            return array;
        });
    }

    @GetMapping("/b/instances/{instanceId}")
    public Mono<ObjectNode> instance(@PathVariable String instanceId) {
        return blocking(() -> OperatorInstanceJson.detail(views.find(instanceId)
                .orElseThrow(() -> new NotFoundException("service instance " + instanceId + " does not exist"))));
    }

    /** Every plan with how many instances, not gone, it holds against its limit (0: none). */
    @GetMapping("/b/catalog")
    public Mono<ObjectNode> catalog() {
        return blocking(() -> {
            Map<String, Long> counts = views.liveCountsByPlan();
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ArrayNode plans = root.putArray("plans");
            for (ServiceCatalog.Plan p : catalog.plans()) {
                ObjectNode plan = plans.addObject();
                plan.put("service_id", p.serviceId());
                plan.put("service_name", p.serviceName());
                plan.put("plan_id", p.planId());
                plan.put("plan_name", p.planName());
                plan.put("description", p.description());
                plan.put("stencil", p.stencilImage());
                plan.put("backend", p.backend());
                plan.put("infrastructure", p.infrastructure());
                plan.put("bindable", p.bindable());
                plan.put("plan_updateable", p.planUpdatable());
                plan.put("instance_limit", p.instanceLimit());
                plan.put("instances", counts.getOrDefault(p.serviceId() + "/" + p.planId(), 0L));
            }
            ObjectNode notOffered = root.putObject("not_offered");
            catalog.notOffered().forEach(notOffered::put);
            return root;
        });
    }

    private static <T> Mono<T> blocking(Callable<T> read) {
        return Mono.fromCallable(read).subscribeOn(Schedulers.boundedElastic());
    }
}
