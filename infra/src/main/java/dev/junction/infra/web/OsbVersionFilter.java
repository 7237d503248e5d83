package dev.junction.infra.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OSB headers of every {@code /v2} request, after authentication: {@code X-Broker-API-Version} must be
 * 2.13 or later within major version 2 (else 412 with an OSB error), and {@code X-Broker-API-Request-Identity}
 * is echoed on the response so a platform can trace its request ({@link OsbRequestIdentityFilter} echoes it
 * before any other filter can refuse the request).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
public class OsbVersionFilter implements WebFilter {

    public static final String VERSION = "X-Broker-API-Version";
    public static final String REQUEST_IDENTITY = OsbRequestIdentityFilter.REQUEST_IDENTITY;
    static final int MIN_MINOR = 13;

    private static final Logger log = LoggerFactory.getLogger(OsbVersionFilter.class);
    private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.equals("/v2") && !path.startsWith("/v2/")) {
            return chain.filter(exchange);
        }
        // the identity filter echoed it already in the application; this keeps the OSB routes' own chain whole
        OsbRequestIdentityFilter.echo(exchange);
        String version = exchange.getRequest().getHeaders().getFirst(VERSION);
        if (!supported(version)) {
            log.info("{} {} refused with 412: {} missing or below 2.{}", exchange.getRequest().getMethod(), path,
                    VERSION, MIN_MINOR);
            return OsbErrors.write(exchange, HttpStatus.PRECONDITION_FAILED, "UnsupportedApiVersion",
                    VERSION + " 2." + MIN_MINOR + " or a later 2.x is required; this broker implements 2.17");
        }
        return chain.filter(exchange);
    }

    static boolean supported(String version) {
        if (version == null || version.length() > 9) {
            return false;
        }
        Matcher m = MAJOR_MINOR.matcher(version.trim());
        return m.matches() && Integer.parseInt(m.group(1)) == 2 && Integer.parseInt(m.group(2)) >= MIN_MINOR;
    }
}
