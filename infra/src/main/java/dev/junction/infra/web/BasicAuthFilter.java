package dev.junction.infra.web;

import dev.junction.api.Actor;
import dev.junction.infra.config.JunctionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * User calls authenticate with HTTP Basic against the configured credentials
 * ({@code junction.auth.username} / {@code junction.auth.password}). Discovery documents, health and
 * the OpenAPI document are public; valid credentials there still make the caller the exchange's
 * principal, so health shows its details to users only. A failed attempt is answered 401; too many
 * of them from one client are answered 429 without a check ({@link LoginThrottle}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BasicAuthFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(BasicAuthFilter.class);

    private static final Pattern PIPE_PATH = Pattern.compile("/[^/]+/pipes/[^/]+");

    private final Account user;
    private final Account operator;
    private final ErrorResponses errors;
    private final LoginThrottle throttle;
    private final boolean trustForwardedFor;

    /** A user name and password as sent, not checked yet. */
    private record Credentials(String user, byte[] password) {
    }

    @Autowired
    public BasicAuthFilter(JunctionProperties properties, ErrorResponses errors, Clock clock) {
        this(properties, errors, new LoginThrottle(properties.auth().throttle(), clock));
    }

    BasicAuthFilter(JunctionProperties properties, ErrorResponses errors, LoginThrottle throttle) {
        this.errors = errors;
        this.throttle = throttle;
        this.trustForwardedFor = properties.auth().throttle().trustForwardedFor();
        this.user = Account.of(properties.auth().username(), properties.auth().password());
        this.operator = Account.of(properties.auth().operatorUsername(), properties.auth().operatorPassword());
        if (user == null) {
            log.warn("no user credentials configured (junction.auth.username / junction.auth.password): "
                    + "every user call will be refused with 401");
        }
    }

    /** A pair of credentials; null when either is unset. */
    private record Account(byte[] name, byte[] password) {
        static Account of(String name, String password) {
            return name == null || name.isBlank() || password == null || password.isEmpty() ? null
                    : new Account(name.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
        }

        boolean knows(String presented) {
            return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), name);
        }
    }

    /** The operator's routes, which take only the operator's credentials when they are set. */
    static boolean isOperatorPath(String path) {
        return path.startsWith("/b/") || path.startsWith("/admin/");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (!isPublic(path) && isPeerUpdate(exchange, path, header)) {
            return chain.filter(exchange); // the pipe's own token check decides (PeerTokenVerifier)
        }
        Credentials credentials = parse(header);
        String address = clientAddress(exchange.getRequest(), trustForwardedFor);
        Optional<Duration> wait = credentials == null ? Optional.empty() : throttle.blocked(address, credentials.user());
        boolean authenticated = false;
        if (wait.isEmpty() && credentials != null) {
            // the operator's account, when set, is the only one its routes take; elsewhere either serves
            Account userHere = operator != null && isOperatorPath(path) ? null : user;
            boolean asUser = userHere != null && userHere.knows(credentials.user());
            boolean asOperator = operator != null && operator.knows(credentials.user());
            boolean knownUser = asUser || asOperator;
            authenticated = (asUser && MessageDigest.isEqual(credentials.password(), userHere.password()))
                    || (asOperator && MessageDigest.isEqual(credentials.password(), operator.password()));
            if (authenticated) {
                throttle.succeeded(address, credentials.user());
            } else {
                throttle.failed(address, credentials.user(), knownUser);
            }
        }
        if (authenticated) {
            String user = credentials.user();
            exchange.getAttributes().put(Actor.EXCHANGE_ATTRIBUTE, Actor.user(user));
            // Actuator (health details) reads who is calling from the reactive security context only
            Authentication principal = UsernamePasswordAuthenticationToken.authenticated(user, null, List.of());
            return chain.filter(exchange.mutate().principal(Mono.just(principal)).build())
                    .contextWrite(ReactiveSecurityContextHolder.withAuthentication(principal));
        }
        if (isPublic(path)) {
            return chain.filter(exchange);
        }
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
            return errors.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "too many failed attempts from this "
                    + "client: credentials are not checked for " + seconds + " s", null);
        }
        // failures are logged by the throttle in aggregate, so a flood of guesses is not a flood of lines
        log.debug("401 for {} {}: {}", exchange.getRequest().getMethod(), path,
                header == null ? "no Authorization header" : "credentials not accepted");
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"junction\"");
        return errors.write(exchange, HttpStatus.UNAUTHORIZED, "valid HTTP Basic credentials are required", null);
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

    /**
     * The client's address: the TCP peer, or, when the operator says a proxy in front sets it, the last
     * {@code X-Forwarded-For} entry (the one that proxy added; earlier ones are the caller's to choose).
     */
    static String clientAddress(ServerHttpRequest request, boolean trustForwardedFor) {
        if (trustForwardedFor) {
            List<String> forwarded = request.getHeaders().get("X-Forwarded-For");
            if (forwarded != null && !forwarded.isEmpty()) {
                String[] hops = String.join(",", forwarded).split(",");
                String last = hops[hops.length - 1].trim();
                if (!last.isEmpty()) {
                    return last.length() > 64 ? last.substring(0, 64) : last;
                }
            }
        }
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }

    /** The Basic credentials of the header; null when there are none to check. */
    private Credentials parse(String header) {
        if ((user == null && operator == null) || header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
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
        return new Credentials(credentials.substring(0, colon),
                credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
    }
}
