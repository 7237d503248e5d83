package dev.junction.command.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.backend.BackendCommands.RegisterBackend;
import dev.junction.api.backend.BackendCommands.RemoveBackend;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.input.BoundedJson;
import dev.junction.api.input.Ids;
import dev.junction.command.rest.PipeCommandController;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator registers a backend, or changes it ({@code PUT /b/backends/{name}} with
 * {@code {"image": …, "config": {…}, "network": "none"}}, 202), and removes one it registered
 * ({@code DELETE}, 204). The backend is configured afterwards, off the request: {@code GET /b/backends}
 * shows its state, and why when it failed.
 */
@RestController
public class BackendCommandController {

    private static final Set<String> FIELDS = Set.of("image", "config", "network");

    private final CommandGateway commands;
    private final BoundedJson json;

    public BackendCommandController(CommandGateway commands, BoundedJson json) {
        this.commands = commands;
        this.json = json;
    }

    @PutMapping("/b/backends/{name}")
    public Mono<ResponseEntity<Map<String, Object>>> register(@PathVariable String name,
                                                              @RequestBody(required = false) String body,
                                                              ServerWebExchange exchange) {
        Ids.require("name", name);
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (type == null || !(MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json"))) {
            throw new UnsupportedMediaTypeStatusException(type, List.of(MediaType.APPLICATION_JSON));
        }
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("body", "is required: {\"image\":\"...\",\"config\":{...},\"network\":\"none\"}");
        }
        JsonNode root = json.read(body);
        if (!root.isObject()) {
            throw new InvalidInputException("body", "must be an object with image, config and network");
        }
        List<FieldError> errors = new ArrayList<>();
        root.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field) && errors.size() < 10) {
                errors.add(new FieldError(field.length() > 100 ? "body" : field, "is not a field of a backend"));
            }
        });
        JsonNode image = root.get("image");
        if (image == null || !image.isTextual()) {
            errors.add(new FieldError("image", "is required: an image reference"));
        }
        JsonNode config = root.get("config");
        json.requireAtMost(config, "config", json.limits().endDataBytes());
        if (config != null && !config.isObject()) {
            errors.add(new FieldError("config", "must be an object"));
        }
        JsonNode network = root.get("network");
        if (network != null && !network.isTextual()) {
            errors.add(new FieldError("network", "must be none or host"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        // no config is an empty one, as in the catalog file: a backend whose image asks for no inputs
        ObjectNode settings = config == null ? ((ObjectNode) root).objectNode() : (ObjectNode) config;
        RegisterBackend command = new RegisterBackend(name, image.asText(), settings,
                network == null ? "none" : network.asText(), PipeCommandController.actor(exchange));
        return Mono.fromFuture(commands.send(command))
                .then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(Map.<String, Object>of("name", name))));
    }

    @DeleteMapping("/b/backends/{name}")
    public Mono<ResponseEntity<Void>> remove(@PathVariable String name, ServerWebExchange exchange) {
        Ids.require("name", name);
        return Mono.fromFuture(commands.send(new RemoveBackend(name, PipeCommandController.actor(exchange))))
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().<Void>build()));
    }
}
