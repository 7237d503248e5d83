package dev.junction.command.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.input.BoundedJson;
import dev.junction.api.resource.ResourceCommands.UpdateResourceData;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * "The platform changed": {@code PATCH /{resource}} with {@code {"data":{…}}} merges the data into the
 * resource's data and, through the platform-change handler, into {@code this.data} of each of its
 * pipes, which then propagate to their peers.
 */
@RestController
public class ResourceCommandController {

    private final CommandGateway commands;
    private final Resource.Catalog catalog;
    private final BoundedJson json;

    public ResourceCommandController(CommandGateway commands, Resource.Catalog catalog, BoundedJson json) {
        this.commands = commands;
        this.catalog = catalog;
        this.json = json;
    }

    @PatchMapping("/{resource}")
    public Mono<ResponseEntity<Void>> update(@PathVariable String resource,
                                             @RequestBody(required = false) String body,
                                             ServerWebExchange exchange) {
        catalog.find(resource).orElseThrow(() -> new NotFoundException("resource " + resource + " does not exist"));
        PipeCommandController.requireJson(body, exchange);
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("body", "is required: {\"data\":{...}} with the keys to change");
        }
        JsonNode root = json.read(body);
        JsonNode data = root.isObject() ? PipeRequest.field(root, "data") : null;
        json.requireAtMost(data, "data", json.limits().endDataBytes());
        if (data == null || !data.isObject()) {
            throw new InvalidInputException("data", "must be an object of the keys to change");
        }
        return Mono.fromFuture(commands.send(new UpdateResourceData(resource, (ObjectNode) data,
                        PipeCommandController.actor(exchange))))
                .then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.ACCEPTED).<Void>build()));
    }
}
