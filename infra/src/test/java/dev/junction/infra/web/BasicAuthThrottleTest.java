package dev.junction.infra.web;

import dev.junction.api.testing.MovableClock;
import dev.junction.infra.config.JunctionProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BasicAuthFilter} with its {@link LoginThrottle} on a clock the test moves: repeated wrong
 * passwords from one client make it wait (429, unchecked) with a back-off that grows, without
 * touching other clients; public routes never demand credentials but learn who presented valid ones.
 */
@ExtendWith(OutputCaptureExtension.class)
class BasicAuthThrottleTest {

    private static final String ALICE_HOST = "10.0.0.1";
    private static final String BOB_HOST = "10.0.0.2";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final JunctionProperties properties = new JunctionProperties(null, null, null, null,
            new JunctionProperties.Auth("foo", "bar", new JunctionProperties.Throttle(3, 10, Duration.ofMinutes(1),
                    Duration.ofSeconds(10), Duration.ofMinutes(15), 0, false), null, null),
            null, null, null, null, null, null, null, null, null, null, null, null, null);
    private final BasicAuthFilter filter = new BasicAuthFilter(properties, new ErrorResponses(),
            new LoginThrottle(properties.auth().throttle(), clock));

    private record Outcome(int status, String retryAfter, ServerWebExchange passed) {
    }

    private Outcome call(String path, String host, String user, String password, String forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get(path)
                .remoteAddress(new InetSocketAddress(host, 40000));
        if (user != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        AtomicReference<ServerWebExchange> passed = new AtomicReference<>();
        filter.filter(exchange, e -> {
            passed.set(e);
            return Mono.empty();
        }).block();
        Integer status = exchange.getResponse().getStatusCode() == null ? null
                : exchange.getResponse().getStatusCode().value();
        return new Outcome(passed.get() != null ? 200 : status, exchange.getResponse().getHeaders()
                .getFirst(HttpHeaders.RETRY_AFTER), passed.get());
    }

    private Outcome call(String host, String user, String password) {
        return call("/db/pipes", host, user, password, null);
    }

    @Test
    void wrongPasswordsMakeThatClientWaitEvenWithTheRightOne(CapturedOutput output) {
        for (int i = 0; i < 3; i++) {
            assertThat(call(ALICE_HOST, "foo", "guess-" + i).status()).isEqualTo(401);
        }

        Outcome blocked = call(ALICE_HOST, "foo", "bar");
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.retryAfter()).isEqualTo("10");
        assertThat(call(BOB_HOST, "foo", "bar").status()).as("another address").isEqualTo(200);
        assertThat(call(ALICE_HOST, "other", "x").status()).as("another user name").isEqualTo(401);
        assertThat(output.getAll().lines().filter(l -> l.contains("throttling HTTP Basic attempts")).count())
                .as("one line for the block, not one per attempt").isEqualTo(1);

        clock.advance(Duration.ofSeconds(11));
        assertThat(call(ALICE_HOST, "foo", "bar").status()).as("the block is over").isEqualTo(200);
    }

    @Test
    void aFailureSoonAfterABlockBlocksAgainTwiceAsLong() {
        for (int i = 0; i < 3; i++) {
            call(ALICE_HOST, "foo", "guess-" + i);
        }
        clock.advance(Duration.ofSeconds(11));

        assertThat(call(ALICE_HOST, "foo", "guess-again").status()).isEqualTo(401);

        Outcome blocked = call(ALICE_HOST, "foo", "bar");
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.retryAfter()).isEqualTo("20");
    }

    @Test
    void aSuccessForgetsEarlierFailures() {
        call(ALICE_HOST, "foo", "typo-1");
        call(ALICE_HOST, "foo", "typo-2");
        assertThat(call(ALICE_HOST, "foo", "bar").status()).isEqualTo(200);

        call(ALICE_HOST, "foo", "typo-3");
        call(ALICE_HOST, "foo", "typo-4");
        assertThat(call(ALICE_HOST, "foo", "bar").status()).isEqualTo(200);
    }

    @Test
    void manyUserNamesFromOneAddressBlockThatAddress() {
        for (int i = 0; i < 10; i++) {
            call(ALICE_HOST, "user-" + i, "guess");
        }

        assertThat(call(ALICE_HOST, "foo", "bar").status()).isEqualTo(429);
        assertThat(call(BOB_HOST, "foo", "bar").status()).isEqualTo(200);
    }

    @Test
    void forwardedForIsIgnoredUnlessTrusted() {
        for (int i = 0; i < 3; i++) {
            call("/db/pipes", ALICE_HOST, "foo", "guess-" + i, "192.0.2." + i);
        }

        assertThat(call("/db/pipes", ALICE_HOST, "foo", "bar", "192.0.2.99").status())
                .as("the TCP peer is the client, whatever the header says").isEqualTo(429);
    }

    @Test
    void publicRoutesNeverDemandCredentialsButKnowTheUserWhoGaveThem() {
        Outcome anonymous = call("/actuator/health", ALICE_HOST, null, null, null);
        Outcome wrong = call("/actuator/health", ALICE_HOST, "foo", "wrong", null);
        Outcome user = call("/actuator/health", ALICE_HOST, "foo", "bar", null);

        assertThat(anonymous.passed().getPrincipal().blockOptional()).isEmpty();
        assertThat(wrong.passed().getPrincipal().blockOptional()).isEmpty();
        assertThat(user.passed().getPrincipal().map(Principal::getName).block()).isEqualTo("foo");
    }
}
