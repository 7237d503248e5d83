package dev.junction.infra.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.infra.it.BrokerHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Junction brokers as separate processes keep each other's pipe ends up to date without a user
 * (the reference's test-auto.sh), survive a peer that is down for a while, and a broker restarted in
 * the middle of its back-off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutomaticConfigurationIT {

    /** Short back-off, so a peer outage is ridden out within a test's patience. */
    private static final String[] RETRIES = {
            "--junction.propagation.initial-delay=PT0.5S", "--junction.propagation.max-delay=PT2S",
            "--junction.propagation.max-attempts=30"};
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private BrokerProcess provider;
    private BrokerProcess consumer;
    private BrokerHttp providerHttp;
    private BrokerHttp consumerHttp;

    @BeforeAll
    void start() {
        provider = BrokerProcess.launch("auto-provider", BrokerProcess.example("provider.yaml"), RETRIES);
        consumer = BrokerProcess.launch("auto-consumer", BrokerProcess.example("consumer.yaml"), RETRIES);
        provider.awaitReady();
        consumer.awaitReady();
        providerHttp = new BrokerHttp(provider);
        consumerHttp = new BrokerHttp(consumer);
    }

    @AfterAll
    void stop() {
        if (provider != null) {
            provider.close();
        }
        if (consumer != null) {
            consumer.close();
        }
    }

    @Test
    @Order(1)
    void brokersPublishTheirDiscoveryDocumentsAndKeys() {
        Response discovery = providerHttp.anonymous().get("/.well-known/openid-configuration");
        assertThat(discovery.status()).as("%s", discovery).isEqualTo(200);
        assertThat(discovery.json().path("issuer").asText()).isEqualTo(provider.rootUrl());
        assertThat(discovery.json().path("jwks_uri").asText()).isEqualTo(provider.rootUrl() + "/.well-known/jwks.json");
        Response jwks = providerHttp.anonymous().get("/.well-known/jwks.json");
        assertThat(jwks.json().path("keys").get(0).path("kid").asText()).isNotBlank();
        assertThat(jwks.json().path("keys").get(0).has("d")).as("no private part is published").isFalse();
    }

    @Test
    @Order(2)
    void eachSideGetsThePeersThisDataAndAPlatformChangeReachesTheConsumer() {
        String consumerPipe = consumer.rootUrl() + "/frontend/pipes/backend";
        String providerPipe = provider.rootUrl() + "/backend/pipes/frontend";
        Response c = consumerHttp.post("/frontend/pipes", Map.of("id", "backend",
                "other", Map.of("uri", providerPipe, "issuer", provider.rootUrl())));
        assertThat(c.status()).as("%s", c).isEqualTo(201);
        Response p = providerHttp.post("/backend/pipes", Map.of("id", "frontend",
                "this", Map.of("data", Map.of("URI", "https://backend.herokuapp.com")),
                "other", Map.of("uri", consumerPipe, "issuer", consumer.rootUrl())));
        assertThat(p.status()).as("%s", p).isEqualTo(201);

        JsonNode seen = await(consumerHttp, "/frontend/pipes/backend",
                pipe -> "https://backend.herokuapp.com".equals(pipe.path("other").path("data").path("URI").asText()));
        assertThat(seen.path("other").path("data").path("URI").asText()).isEqualTo("https://backend.herokuapp.com");
        JsonNode history = consumerHttp.get("/frontend/pipes/backend/history").json();
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.path("actor").path("kind").asText()).isEqualTo("peer");
        assertThat(last.path("actor").path("name").asText()).isEqualTo(provider.rootUrl());

        Response changed = providerHttp.patch("/backend", Map.of("data", Map.of("URI", "https://updated.herokuapp.com")));
        assertThat(changed.status()).as("%s", changed).isEqualTo(202);
        await(consumerHttp, "/frontend/pipes/backend",
                pipe -> "https://updated.herokuapp.com".equals(pipe.path("other").path("data").path("URI").asText()));
        assertThat(providerHttp.get("/backend/pipes/frontend").json().path("this").path("data").path("URI").asText())
                .isEqualTo("https://updated.herokuapp.com");
    }

    @Test
    @Order(3)
    void anUpdateMadeWhileThePeerIsDownArrivesWhenItComesBack() {
        consumer.stop();
        Response changed = providerHttp.patch("/backend", Map.of("data", Map.of("URI", "https://while-down.example")));
        assertThat(changed.status()).as("%s", changed).isEqualTo(202);
        await(providerHttp, "/backend/pipes/frontend",
                pipe -> "retrying".equals(pipe.path("propagation").path("state").asText()));
        consumer.startAgain();
        await(consumerHttp, "/frontend/pipes/backend",
                pipe -> "https://while-down.example".equals(pipe.path("other").path("data").path("URI").asText()));
        await(providerHttp, "/backend/pipes/frontend",
                pipe -> "delivered".equals(pipe.path("propagation").path("state").asText()));
    }

    @Test
    @Order(4)
    void anUpdateSurvivesARestartOfItsSenderInTheMiddleOfBackOff() {
        consumer.stop();
        Response changed = providerHttp.patch("/backend", Map.of("data", Map.of("URI", "https://after-restart.example")));
        assertThat(changed.status()).as("%s", changed).isEqualTo(202);
        await(providerHttp, "/backend/pipes/frontend",
                pipe -> "retrying".equals(pipe.path("propagation").path("state").asText()));
        provider.restart();
        consumer.startAgain();
        await(consumerHttp, "/frontend/pipes/backend",
                pipe -> "https://after-restart.example".equals(pipe.path("other").path("data").path("URI").asText()));
    }

    @Test
    @Order(5)
    void deletingThePipeTellsTheOtherSideWhichClearsItsData() {
        Response deleted = providerHttp.delete("/backend/pipes/frontend");
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        JsonNode pipe = await(consumerHttp, "/frontend/pipes/backend",
                p -> !p.path("other").has("data"));
        assertThat(pipe.path("other").path("uri").asText()).isEqualTo(provider.rootUrl() + "/backend/pipes/frontend");
        assertThat(pipe.path("other").path("issuer").asText()).isEqualTo(provider.rootUrl());
    }

    private static JsonNode await(BrokerHttp http, String path, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = http.get(path);
            if (last.status() == 200 && condition.test(last.json())) {
                return last.json();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("condition on " + path + " not met within " + PATIENCE + "; last answer: " + last);
    }
}
