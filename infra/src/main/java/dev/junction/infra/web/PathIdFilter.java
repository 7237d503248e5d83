package dev.junction.infra.web;

import dev.junction.api.error.InvalidInputException;
import dev.junction.api.input.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

/**
 * Every id in a path is checked here, once, before authentication and before any route: each segment,
 * decoded, must follow {@link Ids} (the fixed words of the routes do), or the request is answered 400
 * naming the id by its place in the route. A {@code ;} is refused outright, as WebFlux would otherwise
 * drop what follows it (matrix parameters) and act on the id before it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
public class PathIdFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(PathIdFilter.class);

    private final ErrorResponses errors;

    public PathIdFilter(ErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (path.value().indexOf(';') >= 0) {
            return refuse(exchange, "path", "must not carry parameters after a ';'");
        }
        List<String> segments = new ArrayList<>();
        for (PathContainer.Element element : path.elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                segments.add(segment.valueToMatch());
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean wellKnown = i == 0 && segment.equals(".well-known");
            // an empty segment (a trailing or doubled slash) names no id: routing answers it
            if (!segment.isEmpty() && !wellKnown && !Ids.valid(segment)) {
                return refuse(exchange, name(segments, i), Ids.RULE);
            }
        }
        return chain.filter(exchange);
    }

    /** What the segment at {@code i} is in the routes of the API, for the error. */
    static String name(List<String> segments, int i) {
        String before = i > 0 ? segments.get(i - 1) : "";
        return switch (before) {
            case "" -> "resource id";
            case "pipes" -> "pipe id";
            case "offers", "needs" -> "blueprint name";
            case "protos" -> "proto id";
            case "adapters" -> "adapter id";
            case "propagations" -> "resource id";
            default -> i >= 2 && segments.get(i - 2).equals("propagations") ? "pipe id" : "path segment " + (i + 1);
        };
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String field, String message) {
        // the path is not logged: it is what the caller chose, and it broke the rule
        log.info("{} refused with 400: {} {}", exchange.getRequest().getMethod(), field, message);
        return errors.write(exchange, HttpStatus.BAD_REQUEST, field + " " + message,
                List.of(new InvalidInputException.FieldError(field, message)));
    }
}
