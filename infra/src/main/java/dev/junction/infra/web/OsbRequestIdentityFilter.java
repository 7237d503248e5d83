package dev.junction.infra.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.regex.Pattern;

/**
 * Echoes {@code X-Broker-API-Request-Identity} on the answer to every {@code /v2} request, so a platform can
 * trace it: first of the filters, so the refusals of the others (a bad path id, a large body, 401, 412) carry
 * it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
public class OsbRequestIdentityFilter implements WebFilter {

    public static final String REQUEST_IDENTITY = "X-Broker-API-Request-Identity";
    /** An identity is echoed only when it is short printable text (GUIDs are recommended). */
    private static final Pattern ECHOED = Pattern.compile("[\\x21-\\x7e]{1,200}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.equals("/v2") || path.startsWith("/v2/")) {
            echo(exchange);
        }
        return chain.filter(exchange);
    }

    /** Sets the request's identity on the response, when it is one to echo; setting it again changes nothing. */
    static void echo(ServerWebExchange exchange) {
        String identity = exchange.getRequest().getHeaders().getFirst(REQUEST_IDENTITY);
        if (identity != null && identity.length() <= 200 && ECHOED.matcher(identity).matches()) {
            exchange.getResponse().getHeaders().set(REQUEST_IDENTITY, identity);
        }
    }
}
