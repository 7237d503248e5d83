package dev.junction.query.osb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.error.OperationInProgressException;
import dev.junction.api.instance.BindingState;
import dev.junction.api.instance.InstanceSecrets;
import dev.junction.api.instance.InstanceState;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.query.instance.InstanceView;
import dev.junction.query.instance.InstanceView.Binding;
import dev.junction.query.instance.InstanceView.Task;
import dev.junction.query.instance.InstanceViews;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/**
 * The OSB read routes: the catalog, an instance, a binding (its credentials opened here, for this answer
 * only) and the polls of their operations, all from the instance views. Errors are mapped to OSB bodies
 * by {@code infra.web.OsbErrors}.
 */
@RestController
public class OsbQueryController {

    private static final String INSTANCE = "/v2/service_instances/{instanceId}";
    private static final String BINDING = INSTANCE + "/service_bindings/{bindingId}";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** OSB's {@code yyyy-mm-ddThh:mm:ss.sZ} (truncating keeps renew_before at or before expires_at). */
    private static final DateTimeFormatter OSB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.S'Z'")
            .withZone(ZoneOffset.UTC);

    private final InstanceViews views;
    private final ServiceCatalog catalog;
    private final InstanceSecrets secrets;

    public OsbQueryController(InstanceViews views, ServiceCatalog catalog, InstanceSecrets secrets) {
        this.views = views;
        this.catalog = catalog;
        this.secrets = secrets;
    }

    /**
     * The catalog with an {@code ETag} (a hash of its JSON), so that a platform polling it with
     * {@code If-None-Match} is answered 304 without a body while nothing changed.
     */
    @GetMapping("/v2/catalog")
    public Mono<ResponseEntity<ObjectNode>> catalog(
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        return blocking(() -> {
            ObjectNode body = OsbCatalogJson.render(catalog);
            String etag = CatalogETag.of(body);
            if (CatalogETag.matches(ifNoneMatch, etag)) {
                return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).<ObjectNode>build();
            }
            return ResponseEntity.ok().eTag(etag).contentType(MediaType.APPLICATION_JSON).body(body);
        });
    }

    @GetMapping(INSTANCE)
    public Mono<ObjectNode> instance(@PathVariable String instanceId) {
        return blocking(() -> {
            InstanceView view = instanceView(instanceId);
            if (view.state() == InstanceState.PROVISIONING || view.state() == InstanceState.GONE) {
                throw new NotFoundException("service instance " + instanceId + " does not exist (yet)");
            }
            if (view.state() == InstanceState.UPDATING) {
                throw new OperationInProgressException("service instance " + instanceId + " is being updated");
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("service_id", view.serviceId());
            body.put("plan_id", view.planId());
            body.set("parameters", view.parameters() != null ? view.parameters()
                    : JsonNodeFactory.instance.objectNode());
            if (view.maintenanceInfo() != null) {
                body.set("maintenance_info", OsbCatalogJson.maintenanceInfo(view.maintenanceInfo()));
            }
            return body;
        });
    }

    private static boolean usable(InstanceView view) {
        return view.state() != InstanceState.FAILED && view.state() != InstanceState.GONE;
    }

    @GetMapping(INSTANCE + "/last_operation")
    public Mono<ResponseEntity<ObjectNode>> instanceOperation(@PathVariable String instanceId,
                                                              @RequestParam(required = false) String operation) {
        return blocking(() -> {
            InstanceView view = instanceView(instanceId);
            int number = operation != null ? OsbLastOperation.taskNumber(operation)
                    : view.lastOperation() != null ? view.lastOperation().task() : 0;
            Task task = view.task(number).filter(t -> t.bindingId() == null)
                    .orElseThrow(() -> new NotFoundException("service instance " + instanceId
                            + " has no such operation"));
            return OsbLastOperation.answer(task, usable(view));
        });
    }

    @GetMapping(BINDING)
    public Mono<ObjectNode> binding(@PathVariable String instanceId, @PathVariable String bindingId) {
        return blocking(() -> {
            Binding binding = bindingOf(instanceView(instanceId), bindingId);
            if (binding.state() != BindingState.BOUND && binding.state() != BindingState.UNBINDING
                    || binding.sealedCredentials() == null) {
                throw new NotFoundException("service binding " + bindingId + " does not exist (yet)");
            }
            String credentials = secrets.open(instanceId, binding.sealedCredentials())
                    .orElseThrow(() -> new NotFoundException("service binding " + bindingId
                            + " can no longer be read: its instance was purged"));
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.set("credentials", credentials(credentials));
            body.set("parameters", binding.parameters() != null ? binding.parameters()
                    : JsonNodeFactory.instance.objectNode());
            if (binding.expiresAt() != null) {
                ObjectNode metadata = body.putObject("metadata");
                metadata.put("expires_at", OSB_TIME.format(binding.expiresAt()));
                metadata.put("renew_before", OSB_TIME.format(binding.renewBefore()));
            }
            return body;
        });
    }

    @GetMapping(BINDING + "/last_operation")
    public Mono<ResponseEntity<ObjectNode>> bindingOperation(@PathVariable String instanceId,
                                                             @PathVariable String bindingId,
                                                             @RequestParam(required = false) String operation) {
        return blocking(() -> {
            InstanceView view = instanceView(instanceId);
            Binding binding = bindingOf(view, bindingId);
            int number = operation != null ? OsbLastOperation.taskNumber(operation)
                    : binding.lastOperation() != null ? binding.lastOperation().task() : 0;
            Task task = view.task(number)
                    .filter(t -> bindingId.equals(t.bindingId()))
                    .orElseThrow(() -> new NotFoundException("service binding " + bindingId
                            + " has no such operation"));
            return OsbLastOperation.answer(task, usable(view));
        });
    }

    private InstanceView instanceView(String instanceId) {
        return views.find(instanceId).orElseThrow(() -> new NotFoundException("service instance " + instanceId
                + " does not exist"));
    }

    private static Binding bindingOf(InstanceView view, String bindingId) {
        return view.binding(bindingId).orElseThrow(() -> new NotFoundException(
                "service binding " + bindingId + " does not exist"));
    }

    /** The bind output; never quoted in an error, since it is the secret itself. */
    private static JsonNode credentials(String opened) {
        try {
            JsonNode node = JSON.readTree(opened);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // answered below without the text
        }
        throw new IllegalStateException("the stored credentials are not a JSON object");
    }

    private static <T> Mono<T> blocking(Callable<T> read) {
        return Mono.fromCallable(read).subscribeOn(Schedulers.boundedElastic());
    }
}
