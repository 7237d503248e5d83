package dev.junction.command.operator;

import dev.junction.api.error.InvalidInputException;
import dev.junction.api.instance.InstanceCommands.PurgeInstance;
import dev.junction.api.instance.InstanceCommands.RetryTeardown;
import dev.junction.command.rest.PipeCommandController;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an operator may ask of an instance beyond OSB: run a failed teardown again now instead of after
 * its back-off ({@code POST /b/instances/{id}/tasks/{task}/retry-teardown}), and purge a gone or failed
 * instance ({@code POST /b/instances/{id}/purge}): its key is destroyed, so its sealed credentials and
 * credential store can no longer be read, while its events (the audit trail) stay.
 */
@RestController
public class OperatorCommandController {

    /** {@code 3} or {@code task-3}, as the OSB operation names it; nine digits at most. */
    private static final Pattern TASK = Pattern.compile("(task-)?([1-9][0-9]{0,8})");

    private final CommandGateway commands;

    public OperatorCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/b/instances/{id}/tasks/{task}/retry-teardown")
    public Mono<ResponseEntity<Map<String, Object>>> retryTeardown(@PathVariable String id, @PathVariable String task,
                                                                 ServerWebExchange exchange) {
        var matcher = TASK.matcher(task);
        if (!matcher.matches()) {
            throw new InvalidInputException("task", "must be a task number, such as 3 or task-3");
        }
        int number = Integer.parseInt(matcher.group(2));
        return Mono.fromFuture(commands.send(new RetryTeardown(id, number, PipeCommandController.actor(exchange))))
                .then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(Map.<String, Object>of("task", number))));
    }

    @PostMapping("/b/instances/{id}/purge")
    public Mono<ResponseEntity<Map<String, Object>>> purge(@PathVariable String id, ServerWebExchange exchange) {
        return Mono.fromFuture(commands.send(new PurgeInstance(id, PipeCommandController.actor(exchange))))
                .then(Mono.fromSupplier(() -> ResponseEntity.ok(Map.<String, Object>of("purged", id))));
    }
}
