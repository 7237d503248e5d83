package dev.junction.infra.web;

import dev.junction.api.Actor;
import dev.junction.infra.config.JunctionProperties;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** With operator credentials set, the operator's routes take only them; they serve every other route too. */
class OperatorCredentialsTest {

    private static BasicAuthFilter filter(String operator, String operatorPassword) {
        JunctionProperties properties = new JunctionProperties(null, null, null, null,
                new JunctionProperties.Auth("platform", "user-secret", null, operator, operatorPassword),
                null, null, null, null, null, null, null, null, null, null, null, null, null);
        return new BasicAuthFilter(properties, new ErrorResponses(), java.time.Clock.systemUTC());
    }

    /** The status the filter answers (200: passed on), and the actor it passed on. */
    private static String call(BasicAuthFilter filter, String path, String user, String password) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path)
                .remoteAddress(new InetSocketAddress("127.0.0.1", 40000))
                .header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))));
        AtomicReference<ServerWebExchange> passed = new AtomicReference<>();
        filter.filter(exchange, e -> {
            passed.set(e);
            return Mono.empty();
        }).block();
        if (passed.get() == null) {
            return String.valueOf(exchange.getResponse().getStatusCode().value());
        }
        Actor actor = passed.get().getAttribute(Actor.EXCHANGE_ATTRIBUTE);
        return "200 " + actor.name();
    }

    @Test
    void theOperatorsRoutesTakeOnlyTheOperatorsCredentials() {
        BasicAuthFilter filter = filter("ops", "ops-secret");
        assertThat(call(filter, "/b/instances", "platform", "user-secret")).isEqualTo("401");
        assertThat(call(filter, "/admin/propagations/failed", "platform", "user-secret")).isEqualTo("401");
        assertThat(call(filter, "/b/instances", "ops", "ops-secret")).isEqualTo("200 ops");
        assertThat(call(filter, "/b/instances", "ops", "wrong")).isEqualTo("401");
        assertThat(call(filter, "/v2/catalog", "platform", "user-secret")).isEqualTo("200 platform");
        assertThat(call(filter, "/v2/catalog", "ops", "ops-secret")).isEqualTo("200 ops");
    }

    @Test
    void withoutThemTheUserCredentialsServeTheOperatorsRoutes() {
        BasicAuthFilter filter = filter(null, null);
        assertThat(call(filter, "/b/instances", "platform", "user-secret")).isEqualTo("200 platform");
        assertThat(call(filter, "/b/instances", "ops", "ops-secret")).isEqualTo("401");
    }
}
