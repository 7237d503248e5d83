package dev.junction.infra.web;

import dev.junction.api.Actor;
import dev.junction.infra.config.JunctionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * User calls authenticate with HTTP Basic against the configured credentials
 * ({@code junction.auth.username} / {@code junction.auth.password}). Discovery documents, health and
 * the OpenAPI document are public. A failed attempt is answered 401 and logged without the secret.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BasicAuthFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(BasicAuthFilter.class);

    private static final Pattern PIPE_PATH = Pattern.compile("/[^/]+/pipes/[^/]+");

    private final byte[] username;
    private final byte[] password;
    private final ErrorResponses errors;

    public BasicAuthFilter(JunctionProperties properties, ErrorResponses errors) {
        this.errors = errors;
        String user = properties.auth().username();
        String pass = properties.auth().password();
        if (user == null || user.isBlank() || pass == null || pass.isEmpty()) {
            log.warn("no user credentials configured (junction.auth.username / junction.auth.password): "
                    + "every user call will be refused with 401");
            this.username = null;
            this.password = null;
        } else {
            this.username = user.getBytes(StandardCharsets.UTF_8);
            this.password = pass.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (isPublic(path)) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (isPeerUpdate(exchange, path, header)) {
            return chain.filter(exchange); // the pipe's own token check decides (PeerTokenVerifier)
        }
        String user = authenticate(header);
        if (user == null) {
            log.info("401 for {} {}: {}", exchange.getRequest().getMethod(), path,
                    header == null ? "no Authorization header" : "credentials not accepted");
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"junction\"");
            return errors.write(exchange, HttpStatus.UNAUTHORIZED,
                    "valid HTTP Basic credentials are required", null);
        }
        exchange.getAttributes().put(Actor.EXCHANGE_ATTRIBUTE, Actor.user(user));
        return chain.filter(exchange);
    }

    /** A peer broker's PATCH of a pipe, authenticated by its Bearer token rather than by a user. */
    static boolean isPeerUpdate(ServerWebExchange exchange, String path, String header) {
        return HttpMethod.PATCH.equals(exchange.getRequest().getMethod()) && header != null
                && header.regionMatches(true, 0, "Bearer ", 0, 7) && PIPE_PATH.matcher(path).matches();
    }

    static boolean isPublic(String path) {
        return path.startsWith("/.well-known/") || path.equals("/actuator/health")
                || path.startsWith("/actuator/health/") || path.equals("/openapi.yaml");
    }

    private String authenticate(String header) {
        if (username == null || header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String credentials = new String(decoded, StandardCharsets.UTF_8);
        int colon = credentials.indexOf(':');
        if (colon < 0) {
            return null;
        }
        byte[] user = credentials.substring(0, colon).getBytes(StandardCharsets.UTF_8);
        byte[] pass = credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        boolean userOk = MessageDigest.isEqual(user, username);
        boolean passOk = MessageDigest.isEqual(pass, password);
        return userOk && passOk ? credentials.substring(0, colon) : null;
    }
}
