package dev.junction.infra.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.api.Actor;
import dev.junction.api.BrokerIdentity;
import dev.junction.api.pipe.PipeCommands.RetryPropagation;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.api.pipe.PipeRepresentation;
import dev.junction.query.ReadModelRebuilder;
import dev.junction.query.pipe.PipeViews;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Operator commands and queries. */
@RestController
public class AdminController {

    private final ReadModelRebuilder rebuilder;
    private final PipeViews views;
    private final CommandGateway commands;
    private final BrokerIdentity broker;

    public AdminController(ReadModelRebuilder rebuilder, PipeViews views, CommandGateway commands,
                           BrokerIdentity broker) {
        this.rebuilder = rebuilder;
        this.views = views;
        this.commands = commands;
        this.broker = broker;
    }

    /** Replays the whole event store into fresh read models and swaps them in. */
    @PostMapping("/admin/read-models/rebuild")
    public Mono<ReadModelRebuilder.Report> rebuild() {
        return Mono.fromCallable(rebuilder::rebuild).subscribeOn(Schedulers.boundedElastic());
    }

    /** The pipes whose propagation to the peer failed after its last attempt. */
    @GetMapping("/admin/propagations/failed")
    public Mono<ArrayNode> failedPropagations() {
        return Mono.fromCallable(() -> {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            views.failedPropagations().forEach(v -> array.add(PipeRepresentation.render(broker, v)
                    .put("resource", v.resource())));
            return array;
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Tries a failed propagation again, from the first attempt. */
    @PostMapping("/admin/propagations/{resource}/{pipe}/retry")
    public Mono<ResponseEntity<Void>> retry(@PathVariable String resource, @PathVariable String pipe,
                                            ServerWebExchange exchange) {
        Actor actor = exchange.getAttribute(Actor.EXCHANGE_ATTRIBUTE);
        return Mono.fromFuture(commands.send(new RetryPropagation(PipeKeys.pipe(resource, pipe), actor)))
                .then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.ACCEPTED).<Void>build()));
    }
}
