package dev.junction.infra.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.BusyException;
import dev.junction.api.error.ConflictException;
import dev.junction.api.error.GoneException;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.LimitReachedException;
import dev.junction.api.error.UnsupportedChangeException;
import dev.junction.api.instance.MaintenanceInfoConflictException;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.error.OperationInProgressException;
import dev.junction.api.error.PayloadTooLargeException;
import dev.junction.api.error.UnauthorizedException;
import dev.junction.command.osb.OsbCommandController;
import dev.junction.query.osb.OsbQueryController;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.core.publisher.Mono;

/**
 * Errors of the OSB routes as the Open Service Broker API writes them: {@code {"error": "CamelCase",
 * "description": "..."}}, with {@code instance_usable} and {@code update_repeatable} on refused updates and
 * deprovisions. A deletion of what does not exist is 410 {@code {}}. The codes the spec does not fix:
 * {@code LimitReached} (422, a plan's instance limit), {@code UnsupportedApiVersion} (412). Every other
 * route keeps {@link ErrorResponses}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = {OsbCommandController.class, OsbQueryController.class})
public class OsbErrors {

    private static final Logger log = LoggerFactory.getLogger(OsbErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ExceptionHandler(Throwable.class)
    public ResponseEntity<ObjectNode> handle(Throwable thrown, ServerWebExchange exchange) {
        Throwable e = ErrorResponses.unwrap(thrown);
        HttpMethod method = exchange.getRequest().getMethod();
        String error = null;
        String description = e.getMessage();
        HttpStatusCode status;
        HttpHeaders headers = new HttpHeaders();
        switch (e) {
            case OperationInProgressException ignored -> {
                status = HttpStatus.UNPROCESSABLE_ENTITY;
                error = "ConcurrencyError";
            }
            case ConcurrencyException ignored -> {
                status = HttpStatus.UNPROCESSABLE_ENTITY;
                error = "ConcurrencyError";
                description = "another request changed the service instance meanwhile; try again";
            }
            case LimitReachedException ignored -> {
                status = HttpStatus.UNPROCESSABLE_ENTITY;
                error = "LimitReached";
            }
            case UnsupportedChangeException ignored -> status = HttpStatus.UNPROCESSABLE_ENTITY;
            case MaintenanceInfoConflictException ignored -> {
                status = HttpStatus.UNPROCESSABLE_ENTITY;
                error = "MaintenanceInfoConflict";
            }
            case GoneException ignored -> {
                return ResponseEntity.status(HttpStatus.GONE).contentType(MediaType.APPLICATION_JSON)
                        .body(JSON.createObjectNode());
            }
            case AggregateNotFoundException ignored when HttpMethod.DELETE.equals(method) -> {
                return ResponseEntity.status(HttpStatus.GONE).contentType(MediaType.APPLICATION_JSON)
                        .body(JSON.createObjectNode());
            }
            case AggregateNotFoundException notFound -> {
                status = HttpStatus.NOT_FOUND;
                description = "service instance " + notFound.getAggregateIdentifier() + " does not exist";
            }
            case ConflictException ignored -> status = HttpStatus.CONFLICT;
            case InvalidInputException ignored -> status = HttpStatus.BAD_REQUEST;
            case PayloadTooLargeException ignored -> status = HttpStatus.PAYLOAD_TOO_LARGE;
            case NotFoundException ignored -> status = HttpStatus.NOT_FOUND;
            case BusyException ignored -> {
                status = HttpStatus.SERVICE_UNAVAILABLE;
                headers.set(HttpHeaders.RETRY_AFTER, "1");
            }
            case UnauthorizedException ignored -> status = HttpStatus.UNAUTHORIZED;
            case UnsupportedMediaTypeStatusException ignored -> {
                // OSB: a body refused for its Content-Type is a 400
                status = HttpStatus.BAD_REQUEST;
                description = "Content-Type must be application/json";
            }
            case ResponseStatusException rse -> {
                status = rse.getStatusCode();
                description = rse.getReason() != null ? rse.getReason() : rse.getMessage();
                headers.addAll(rse.getHeaders());
            }
            default -> {
                status = HttpStatus.INTERNAL_SERVER_ERROR;
                description = "internal error: " + e.getClass().getSimpleName() + "; the broker log has the details";
                log.error("{} {} failed", method, exchange.getRequest().getPath().value(), e);
            }
        }
        if (status.is4xxClientError()) {
            log.info("{} {} -> {}: {}", method, exchange.getRequest().getPath().value(), status.value(), description);
        }
        ObjectNode body = body(error, description);
        if (status.is4xxClientError() && instanceChange(exchange)) {
            // a refused request changed nothing: the instance stays as usable as it was
            body.put("instance_usable", true);
            if (HttpMethod.PATCH.equals(method)) {
                body.put("update_repeatable", status.value() == 422 || status.value() == 409);
            }
        }
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** An update or a deprovision of an instance (not of a binding): the requests OSB's two flags are for. */
    private static boolean instanceChange(ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        return (HttpMethod.PATCH.equals(method) || HttpMethod.DELETE.equals(method))
                && path.startsWith("/v2/service_instances/") && !path.contains("/service_bindings/");
    }

    static ObjectNode body(String error, String description) {
        ObjectNode node = JSON.createObjectNode();
        if (error != null) {
            node.put("error", error);
        }
        node.put("description", description == null || description.isBlank() ? "request failed" : description);
        return node;
    }

    /** Writes an OSB error straight to the response, for the filters of {@code /v2} that answer first. */
    static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String error, String description) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body(error, description));
        } catch (JsonProcessingException e) {
            bytes = new byte[0];
        }
        exchange.getResponse().setStatusCode(status);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
        DataBuffer buffer = exchange.getResponse().bufferFactory().wrap(bytes);
        return exchange.getResponse().writeWith(Mono.just(buffer));
    }
}
