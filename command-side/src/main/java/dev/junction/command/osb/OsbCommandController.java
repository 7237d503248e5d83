package dev.junction.command.osb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.input.BoundedJson;
import dev.junction.api.instance.InstanceCommands.Accepted;
import dev.junction.api.instance.InstanceSecrets;
import dev.junction.api.instance.InstanceCommands.BindInstance;
import dev.junction.api.instance.InstanceCommands.DeprovisionInstance;
import dev.junction.api.instance.InstanceCommands.ProvisionInstance;
import dev.junction.api.instance.InstanceCommands.UnbindInstance;
import dev.junction.api.instance.InstanceCommands.UpdateInstance;
import dev.junction.api.instance.ServiceCatalog;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The OSB routes that change an instance or a binding. Every operation runs containers, so each is
 * asynchronous: without {@code accepts_incomplete=true} the answer is 422 {@code AsyncRequired}. A started
 * operation answers 202 with its {@code operation} to poll; an identical request repeated after it finished
 * answers 200. Errors are mapped to OSB bodies by {@code infra.web.OsbErrors}.
 */
@RestController
public class OsbCommandController {

    private static final String INSTANCE = "/v2/service_instances/{instanceId}";
    private static final String BINDING = INSTANCE + "/service_bindings/{bindingId}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandGateway commands;
    private final ServiceCatalog catalog;
    private final BoundedJson json;
    private final InstanceSecrets secrets;

    public OsbCommandController(CommandGateway commands, ServiceCatalog catalog, BoundedJson json,
                                InstanceSecrets secrets) {
        this.commands = commands;
        this.catalog = catalog;
        this.json = json;
        this.secrets = secrets;
    }

    @PutMapping(INSTANCE)
    public Mono<ResponseEntity<ObjectNode>> provision(@PathVariable String instanceId,
                                                      @RequestParam(name = "accepts_incomplete", required = false) String async,
                                                      @RequestHeader(name = OriginatingIdentity.HEADER, required = false) String identity,
                                                      @RequestBody(required = false) String body,
                                                      ServerWebExchange exchange) {
        if (!"true".equals(async)) {
            return asyncRequired();
        }
        OsbRequest request = parse(body, exchange, true);
        requirePlan(request.serviceId(), request.planId());
        return send(new ProvisionInstance(instanceId, request.serviceId(), request.planId(), request.parameters(),
                request.context(), actor(identity, exchange), request.maintenanceInfo()));
    }

    @PatchMapping(INSTANCE)
    public Mono<ResponseEntity<ObjectNode>> update(@PathVariable String instanceId,
                                                   @RequestParam(name = "accepts_incomplete", required = false) String async,
                                                   @RequestHeader(name = OriginatingIdentity.HEADER, required = false) String identity,
                                                   @RequestBody(required = false) String body,
                                                   ServerWebExchange exchange) {
        if (!"true".equals(async)) {
            return asyncRequired();
        }
        OsbRequest request = parse(body, exchange, false);
        if (request.planId() != null) {
            requirePlan(request.serviceId(), request.planId());
        } else {
            requireService(request.serviceId());
        }
        return send(new UpdateInstance(instanceId, request.serviceId(), request.planId(), request.parameters(),
                actor(identity, exchange), request.maintenanceInfo()));
    }

    @DeleteMapping(INSTANCE)
    public Mono<ResponseEntity<ObjectNode>> deprovision(@PathVariable String instanceId,
                                                        @RequestParam(name = "accepts_incomplete", required = false) String async,
                                                        @RequestParam(name = "service_id", required = false) String serviceId,
                                                        @RequestParam(name = "plan_id", required = false) String planId,
                                                        @RequestHeader(name = OriginatingIdentity.HEADER, required = false) String identity,
                                                        ServerWebExchange exchange) {
        if (!"true".equals(async)) {
            return asyncRequired();
        }
        // no catalog check: an instance of a plan the operator has since withdrawn must still go
        return send(new DeprovisionInstance(instanceId, OsbRequest.queryId(serviceId, "service_id"),
                OsbRequest.queryId(planId, "plan_id"), actor(identity, exchange)));
    }

    @PutMapping(BINDING)
    public Mono<ResponseEntity<ObjectNode>> bind(@PathVariable String instanceId, @PathVariable String bindingId,
                                                 @RequestParam(name = "accepts_incomplete", required = false) String async,
                                                 @RequestHeader(name = OriginatingIdentity.HEADER, required = false) String identity,
                                                 @RequestBody(required = false) String body,
                                                 ServerWebExchange exchange) {
        if (!"true".equals(async)) {
            return asyncRequired();
        }
        OsbRequest request = parseBind(body, exchange);
        if (request.predecessorBindingId() == null || request.serviceId() != null || request.planId() != null) {
            requirePlan(request.serviceId(), request.planId());
        }
        return Mono.fromFuture(commands.<Accepted>send(new BindInstance(instanceId, bindingId, request.serviceId(),
                        request.planId(), request.parameters(), request.context(), actor(identity, exchange),
                        request.predecessorBindingId())))
                .map(accepted -> withCredentials(instanceId, accepted));
    }

    @DeleteMapping(BINDING)
    public Mono<ResponseEntity<ObjectNode>> unbind(@PathVariable String instanceId, @PathVariable String bindingId,
                                                   @RequestParam(name = "accepts_incomplete", required = false) String async,
                                                   @RequestParam(name = "service_id", required = false) String serviceId,
                                                   @RequestParam(name = "plan_id", required = false) String planId,
                                                   @RequestHeader(name = OriginatingIdentity.HEADER, required = false) String identity,
                                                   ServerWebExchange exchange) {
        if (!"true".equals(async)) {
            return asyncRequired();
        }
        return send(new UnbindInstance(instanceId, bindingId, OsbRequest.queryId(serviceId, "service_id"),
                OsbRequest.queryId(planId, "plan_id"), actor(identity, exchange)));
    }

    private Mono<ResponseEntity<ObjectNode>> send(Object command) {
        return Mono.fromFuture(commands.<Accepted>send(command)).map(OsbCommandController::accepted);
    }

    /** An identical bind repeated once bound: 200 with the binding's credentials, as a first fetch would give. */
    private ResponseEntity<ObjectNode> withCredentials(String instanceId, Accepted accepted) {
        ResponseEntity<ObjectNode> answer = accepted(accepted);
        if (accepted.done() && accepted.sealedCredentials() != null) {
            secrets.open(instanceId, accepted.sealedCredentials()).ifPresent(plain -> {
                try {
                    answer.getBody().set("credentials", JSON.readTree(plain));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return answer;
    }

    /** 202 with the operation to poll while it runs; 200 when an identical request finished already. */
    static ResponseEntity<ObjectNode> accepted(Accepted accepted) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (accepted.done()) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
        }
        body.put("operation", accepted.operation());
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static Mono<ResponseEntity<ObjectNode>> asyncRequired() {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("error", "AsyncRequired")
                .put("description", "This service plan requires client support for asynchronous service "
                        + "operations: send accepts_incomplete=true");
        return Mono.just(ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_JSON).body(body));
    }

    private void requireService(String serviceId) {
        if (catalog.plans().stream().noneMatch(p -> p.serviceId().equals(serviceId))) {
            throw new InvalidInputException("service_id", "is not a service of this broker's catalog");
        }
    }

    private void requirePlan(String serviceId, String planId) {
        requireService(serviceId);
        if (catalog.plan(serviceId, planId).isEmpty()) {
            throw new InvalidInputException("plan_id", "is not a plan of service " + serviceId);
        }
    }

    private OsbRequest parse(String body, ServerWebExchange exchange, boolean planRequired) {
        requireJson(body, exchange);
        return OsbRequest.parse(body, json, planRequired);
    }

    private OsbRequest parseBind(String body, ServerWebExchange exchange) {
        requireJson(body, exchange);
        return OsbRequest.parseBind(body, json);
    }

    private static void requireJson(String body, ServerWebExchange exchange) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        boolean empty = body == null || body.isBlank();
        if (!(empty && type == null) && (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(type))) {
            throw new UnsupportedMediaTypeStatusException(type, List.of(MediaType.APPLICATION_JSON));
        }
    }

    private Actor actor(String identity, ServerWebExchange exchange) {
        Actor authenticated = exchange.getAttribute(Actor.EXCHANGE_ATTRIBUTE);
        return OriginatingIdentity.actor(identity,
                authenticated != null ? authenticated : Actor.system("unauthenticated"), json);
    }
}
