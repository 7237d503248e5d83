package dev.junction.infra.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.BusyException;
import dev.junction.api.error.ConflictException;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.error.PayloadTooLargeException;
import dev.junction.api.error.UnauthorizedException;
import org.axonframework.common.AxonException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One error format for every route: {@code {status, error, message, errors: [{field, message}]}}.
 * 4xx answers say what was wrong; 5xx answers are logged with their cause.
 */
@Component
@RestControllerAdvice
public class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ExceptionHandler(Throwable.class)
    public ResponseEntity<ObjectNode> handle(Throwable thrown, ServerWebExchange exchange) {
        Throwable e = unwrap(thrown);
        HttpStatusCode status;
        String message = e.getMessage();
        List<InvalidInputException.FieldError> fields = null;
        HttpHeaders headers = new HttpHeaders();
        switch (e) {
            case InvalidInputException invalid -> {
                status = HttpStatus.BAD_REQUEST;
                fields = invalid.errors();
            }
            case PayloadTooLargeException tooLarge -> {
                status = HttpStatus.PAYLOAD_TOO_LARGE;
                fields = List.of(fieldError(tooLarge));
            }
            case NotFoundException ignored -> status = HttpStatus.NOT_FOUND;
            case AggregateNotFoundException notFound -> {
                status = HttpStatus.NOT_FOUND;
                message = "pipe " + notFound.getAggregateIdentifier() + " does not exist";
            }
            case ConflictException ignored -> status = HttpStatus.CONFLICT;
            case BusyException ignored -> {
                status = HttpStatus.SERVICE_UNAVAILABLE;
                headers.set(HttpHeaders.RETRY_AFTER, "1");
            }
            case UnauthorizedException ignored -> {
                // only a peer's Bearer token gets this far (user credentials are checked in a filter)
                status = HttpStatus.UNAUTHORIZED;
                headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"junction\", error=\"invalid_token\"");
            }
            case ConcurrencyException ignored -> {
                status = HttpStatus.CONFLICT;
                message = "a concurrent change won; read the current state and try again";
            }
            case ResponseStatusException rse -> {
                status = rse.getStatusCode();
                message = rse.getReason() != null ? rse.getReason() : rse.getMessage();
                // e.g. the Allow header that a 405 must carry
                headers.addAll(rse.getHeaders());
            }
            default -> {
                status = HttpStatus.INTERNAL_SERVER_ERROR;
                message = "internal error: " + e.getClass().getSimpleName()
                        + "; the broker log has the details";
                log.error("{} {} failed", exchange.getRequest().getMethod(),
                        exchange.getRequest().getPath().value(), e);
            }
        }
        if (status.is4xxClientError()) {
            log.info("{} {} -> {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(),
                    status.value(), message);
        }
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_JSON)
                .body(body(status, message, fields));
    }

    static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof CompletionException || current instanceof ExecutionException
                || (current instanceof AxonException && !(current instanceof ConcurrencyException)
                && !(current instanceof AggregateNotFoundException)))
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** The part that was too large, as the {@code errors} of a 413 name it. */
    static InvalidInputException.FieldError fieldError(PayloadTooLargeException tooLarge) {
        return new InvalidInputException.FieldError(tooLarge.field(),
                "is larger than the " + tooLarge.limitBytes() + " bytes accepted");
    }

    private static String withFields(String message, List<InvalidInputException.FieldError> fields) {
        if (fields == null || fields.isEmpty()) {
            return message;
        }
        StringBuilder text = new StringBuilder(message == null ? "" : message);
        fields.forEach(f -> text.append(text.isEmpty() ? "" : "; ").append(f.field()).append(": ").append(f.message()));
        return text.toString();
    }

    static ObjectNode body(HttpStatusCode status, String message, List<InvalidInputException.FieldError> fields) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", status.value());
        HttpStatus known = HttpStatus.resolve(status.value());
        node.put("error", known != null ? known.getReasonPhrase() : String.valueOf(status.value()));
        node.put("message", message);
        if (fields != null) {
            ArrayNode array = node.putArray("errors");
            fields.forEach(f -> array.addObject().put("field", f.field()).put("message", f.message()));
        }
        return node;
    }

    /**
     * Writes an error straight to the response, for filters that answer before any controller; under
     * {@code /v2} in OSB's shape ({@code description}, the fields named in it), as the OSB routes answer.
     */
    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String message,
                            List<InvalidInputException.FieldError> fields) {
        boolean osb = exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/v2/");
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(osb ? OsbErrors.body(null, withFields(message, fields))
                    : body(status, message, fields));
        } catch (JsonProcessingException e) {
            bytes = new byte[0];
        }
        exchange.getResponse().setStatusCode(status);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
        DataBuffer buffer = exchange.getResponse().bufferFactory().wrap(bytes);
        return exchange.getResponse().writeWith(Mono.just(buffer));
    }
}
