package dev.junction.infra.oidc;

import dev.junction.api.testing.MovableClock;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.infra.outbound.PeerUrlPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link IssuerKeys} against real issuers on 127.0.0.1: failed fetches are not repeated at once, issuers do not wait on each other. */
class IssuerKeysTest {

    private static final Duration MIN_REFRESH = Duration.ofSeconds(10);

    private HttpServer server;
    private String root;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private IssuerKeys keys;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        root = "http://127.0.0.1:" + server.getAddress().getPort();
        keys = new IssuerKeys(HttpClient.newHttpClient(), new PeerUrlPolicy(List.of("127.0.0.1")),
                Duration.ofSeconds(5), Duration.ofMinutes(10), MIN_REFRESH, clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Serves an issuer under {@code path}: its discovery document and a JWKS with {@code key}. */
    private String issuer(String path, RSAKey key, CountDownLatch holdDiscovery, AtomicInteger discoveries) {
        String issuer = root + path;
        server.createContext(path + "/.well-known/openid-configuration", exchange -> {
            discoveries.incrementAndGet();
            if (holdDiscovery != null) {
                await(holdDiscovery);
            }
            answer(exchange, 200, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks.json\"}");
        });
        server.createContext(path + "/jwks.json",
                exchange -> answer(exchange, 200, new JWKSet(key.toPublicJWK()).toString()));
        return issuer;
    }

    @Test
    void aFailedFetchIsNotRepeatedWithinTheRefreshIntervalAndIsTriedAgainAfterIt() throws Exception {
        AtomicInteger discoveries = new AtomicInteger();
        AtomicInteger status = new AtomicInteger(503);
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        String issuer = root + "/down";
        server.createContext("/down/.well-known/openid-configuration", exchange -> {
            discoveries.incrementAndGet();
            answer(exchange, status.get(), status.get() == 200
                    ? "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks.json\"}" : "{}");
        });
        server.createContext("/down/jwks.json",
                exchange -> answer(exchange, 200, new JWKSet(key.toPublicJWK()).toString()));

        assertThatThrownBy(() -> keys.key(issuer, "k1")).hasMessageContaining("503");
        assertThatThrownBy(() -> keys.key(issuer, "k1")).hasMessageContaining("503")
                .hasMessageContaining("not fetched again before");
        assertThat(discoveries.get()).as("one fetch for both tokens").isEqualTo(1);

        status.set(200);
        clock.advance(MIN_REFRESH.plusSeconds(1));
        JWK found = keys.key(issuer, "k1");
        assertThat(found.getKeyID()).isEqualTo("k1");
        assertThat(discoveries.get()).isEqualTo(2);
    }

    @Test
    void anIssuerThatIsSlowToAnswerDoesNotHoldUpAnother() throws Exception {
        CountDownLatch slowAnswers = new CountDownLatch(1);
        AtomicInteger slowDiscoveries = new AtomicInteger();
        String slow = issuer("/slow", new RSAKeyGenerator(2048).keyID("s").generate(), slowAnswers, slowDiscoveries);
        String quick = issuer("/quick", new RSAKeyGenerator(2048).keyID("q").generate(), null, new AtomicInteger());

        CompletableFuture<JWK> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return keys.key(slow, "s");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        while (slowDiscoveries.get() == 0) {
            Thread.sleep(5); // the slow issuer's fetch has started and holds its lock
        }
        JWK quickKey = CompletableFuture.supplyAsync(() -> {
            try {
                return keys.key(quick, "q");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(4, TimeUnit.SECONDS);
        assertThat(quickKey.getKeyID()).isEqualTo("q");
        assertThat(waiting).isNotDone();

        slowAnswers.countDown();
        assertThat(waiting.get(10, TimeUnit.SECONDS).getKeyID()).isEqualTo("s");
    }

    @Test
    void anIssuerThatAnswersWithoutEndIsRefusedAfterAMegabyte() {
        AtomicLong sent = new AtomicLong();
        server.createContext("/endless/.well-known/openid-configuration", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, with no end announced
            byte[] chunk = ("{\"a\":\"" + "x".repeat(8_000) + "\"},").getBytes(StandardCharsets.UTF_8);
            try (var out = exchange.getResponseBody()) {
                out.write('[');
                while (sent.get() < 50_000_000) { // 50 MB unless the broker stops reading
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException brokerHungUp) {
                // expected: the broker read its megabyte and closed the connection
            }
        });

        assertThatThrownBy(() -> keys.key(root + "/endless", "k1")).hasMessageContaining("more than 1000000 bytes");
        assertThat(sent.get()).as("bytes the issuer got to send").isLessThan(20_000_000);
    }

    @Test
    void aDiscoveryDocumentNestedBeyondReasonIsRefused() {
        server.createContext("/deep/.well-known/openid-configuration",
                exchange -> answer(exchange, 200, "[".repeat(10_000) + "]".repeat(10_000)));

        assertThatThrownBy(() -> keys.key(root + "/deep", "k1")).isInstanceOf(IOException.class);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
