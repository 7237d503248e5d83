package dev.junction.command.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.BrokerIdentity;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.input.BoundedJson;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.PipeCommands.BindBlueprint;
import dev.junction.api.pipe.PipeCommands.CreatePipe;
import dev.junction.api.error.UnauthorizedException;
import dev.junction.api.pipe.PipeCommands.DeletePipe;
import dev.junction.api.pipe.PipeCommands.DetachOtherEnd;
import dev.junction.api.pipe.PipeCommands.PostOtherEnd;
import dev.junction.api.pipe.PipeCommands.UpdatePipe;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.api.pipe.PipeRepresentation;
import dev.junction.command.blueprint.BindingPlanner;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.util.List;
import dev.junction.api.Randomness;

/**
 * The cloudpipe command routes. Each answers once its command is committed and the pipe view has
 * applied the resulting events, so a client that reads after a 201/202/204 sees its write.
 */
@RestController
public class PipeCommandController {

    private final CommandGateway commands;
    private final Resource.Catalog catalog;
    private final BrokerIdentity broker;
    private final PeerAuthenticator peers;
    private final BoundedJson json;

    public PipeCommandController(CommandGateway commands, Resource.Catalog catalog, BrokerIdentity broker,
                                 PeerAuthenticator peers, BoundedJson json) {
        this.commands = commands;
        this.catalog = catalog;
        this.broker = broker;
        this.peers = peers;
        this.json = json;
    }

    @PostMapping("/{resource}/pipes")
    public Mono<ResponseEntity<ObjectNode>> create(@PathVariable String resource,
                                                   @RequestBody(required = false) String body,
                                                   ServerWebExchange exchange) {
        resource(resource);
        PipeRequest request = parseJson(body, exchange, json);
        String pipeId = request.id() != null ? request.id() : Randomness.uuid().toString();
        CreatePipe command = new CreatePipe(PipeKeys.pipe(resource, pipeId), resource, pipeId, request.thisEnd(),
                request.otherEnd(), null, actor(exchange));
        return Mono.fromFuture(commands.<PipeCreated>send(command)).map(this::created);
    }

    /**
     * A user's PATCH (Basic) changes both ends; a peer's PATCH (Bearer, checked against the pipe's other
     * end) brings the other end's data.
     */
    @PatchMapping("/{resource}/pipes/{pipe}")
    public Mono<ResponseEntity<Void>> update(@PathVariable String resource, @PathVariable String pipe,
                                             @RequestBody(required = false) String body,
                                             ServerWebExchange exchange) {
        resource(resource);
        PipeRequest request = parseJson(body, exchange, json);
        if (exchange.getAttribute(Actor.EXCHANGE_ATTRIBUTE) == null) {
            return peerUpdate(resource, pipe, body, request, exchange);
        }
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("body", "is required: a pipe with the ends to change");
        }
        UpdatePipe command = new UpdatePipe(PipeKeys.pipe(resource, pipe), request.thisEnd(), request.otherEnd(),
                actor(exchange));
        return Mono.fromFuture(commands.send(command))
                .then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.ACCEPTED).<Void>build()));
    }

    private Mono<ResponseEntity<Void>> peerUpdate(String resource, String pipe, String body, PipeRequest request,
                                                  ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthorizedException("valid HTTP Basic credentials or a peer's Bearer token are required");
        }
        String token = header.substring(7).trim();
        String pipeKey = PipeKeys.pipe(resource, pipe);
        return Mono.fromCallable(() -> peers.authenticate(token, resource, pipe, body))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(call -> Mono.fromFuture(commands.send(peerCommand(pipeKey, request, call)))
                        .onErrorResume(e -> Mono.fromRunnable(() -> peers.release(call))
                                .subscribeOn(Schedulers.boundedElastic()).then(Mono.error(e))))
                .then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.ACCEPTED).<Void>build()));
    }

    private static Object peerCommand(String pipeKey, PipeRequest request, PeerAuthenticator.PeerCall call) {
        if (call.deletion()) {
            return new DetachOtherEnd(pipeKey, call.actor());
        }
        return new PostOtherEnd(pipeKey, request.otherEnd() == null ? null : request.otherEnd().data(),
                call.version(), call.actor());
    }

    @DeleteMapping("/{resource}/pipes/{pipe}")
    public Mono<ResponseEntity<Void>> delete(@PathVariable String resource, @PathVariable String pipe,
                                             ServerWebExchange exchange) {
        resource(resource);
        return Mono.fromFuture(commands.send(new DeletePipe(PipeKeys.pipe(resource, pipe), actor(exchange))))
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().<Void>build()));
    }

    @PostMapping("/{resource}/{kind:offers|needs}/{blueprint}/bindings")
    public Mono<ResponseEntity<ObjectNode>> bind(@PathVariable String resource, @PathVariable String kind,
                                                 @PathVariable String blueprint,
                                                 @RequestBody(required = false) String body,
                                                 ServerWebExchange exchange) {
        resource(resource);
        BlueprintKind blueprintKind = BlueprintKind.fromPath(kind);
        BindingPlanner.blueprint(catalog, resource, blueprintKind, blueprint);
        PipeRequest request = parseJson(body, exchange, json);
        String pipeId = request.id() != null ? request.id() : Randomness.uuid().toString();
        BindBlueprint command = new BindBlueprint(resource, blueprintKind, blueprint, pipeId, request.proto(),
                request.adapters(), request.thisEnd(), request.otherEnd(), actor(exchange));
        return Mono.fromFuture(commands.<PipeCreated>send(command)).map(this::created);
    }

    private ResponseEntity<ObjectNode> created(PipeCreated pipe) {
        return ResponseEntity.created(URI.create(BrokerIdentity.pipePath(pipe.resource(), pipe.pipeId())))
                .contentType(MediaType.APPLICATION_JSON)
                .body(PipeRepresentation.render(broker, pipe.resource(), pipe.pipeId(), pipe.thisEnd(),
                        pipe.otherEnd(), pipe.binding()));
    }

    private void resource(String id) {
        if (catalog.find(id).isEmpty()) {
            throw new NotFoundException("resource " + id + " does not exist");
        }
    }

    static PipeRequest parseJson(String body, ServerWebExchange exchange, BoundedJson json) {
        requireJson(body, exchange);
        return PipeRequest.parse(body, json);
    }

    /** Bodies must be JSON; an empty body may come without a content type. */
    static void requireJson(String body, ServerWebExchange exchange) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        boolean empty = body == null || body.isBlank();
        if (!(empty && type == null) && (type == null || !isJson(type))) {
            throw new UnsupportedMediaTypeStatusException(type, List.of(MediaType.APPLICATION_JSON));
        }
    }

    private static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json");
    }

    public static Actor actor(ServerWebExchange exchange) {
        Actor actor = exchange.getAttribute(Actor.EXCHANGE_ATTRIBUTE);
        return actor != null ? actor : Actor.system("unauthenticated");
    }
}
