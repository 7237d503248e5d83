package dev.junction.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.JunctionApplication;
import dev.junction.api.testing.FreePorts;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.junction.infra.TestBroker.PASSWORD;
import static dev.junction.infra.TestBroker.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One running broker for every API test class that extends this one: the dynamic properties are
 * declared here only, so Spring's context cache hands each subclass the same application (one
 * embedded PostgreSQL and one MongoDB-wire server for all of them). Tests therefore use pipe ids
 * of their own and compare counts before and after, and a test that fills a need frees it again.
 *
 * <p>Requests go over real HTTP to the server on {@link #PORT}; the broker's ROOT_URL is left to
 * its default, {@code http://localhost:PORT}. The peer tests' base, {@code peer.JunctionTestBase}, runs a
 * second broker because its configuration differs on purpose: its own {@code db} without default data,
 * outgoing calls to 127.0.0.1 only, and short propagation retries.
 */
@SpringBootTest(classes = JunctionApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
abstract class ApiTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DEMO_RESOURCES = Path.of("../docs/examples/demo.yaml").toAbsolutePath().normalize();

    static final int PORT = FreePorts.port();
    static final String ROOT = "http://localhost:" + PORT;
    private static final Path DATA_DIR = TestBroker.dataDir("junction-api-test-");
    private static final AtomicInteger IDS = new AtomicInteger();

    @DynamicPropertySource
    static void brokerProperties(DynamicPropertyRegistry registry) {
        TestBroker.settings(PORT, DATA_DIR).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("junction.resources", DEMO_RESOURCES::toString);
        // pipes here name peers such as peer.example: the broker must not even look them up
        registry.add("junction.peers.allowed-hosts", () -> "localhost,127.0.0.1");
    }

    /** A client presenting the demo's Basic credentials. */
    final WebTestClient client = client(USER, PASSWORD);

    /** A client presenting no credentials at all. */
    final WebTestClient anonymous = WebTestClient.bindToServer().baseUrl(ROOT)
            .responseTimeout(Duration.ofSeconds(60)).build();

    static WebTestClient client(String user, String password) {
        return WebTestClient.bindToServer().baseUrl(ROOT).responseTimeout(Duration.ofSeconds(60))
                .defaultHeaders(h -> h.setBasicAuth(user, password)).build();
    }

    /** A pipe id no other test uses. */
    static String newId(String prefix) {
        return prefix + "-" + IDS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    // ---- requests ------------------------------------------------------------------------------

    /** An answer: status, headers and body text. */
    record Answer(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            assertThat(body).as("response body").isNotBlank();
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("response body is not JSON: " + body, e);
            }
        }

        /** The {@code field} of every entry of an error's {@code errors}. */
        List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
            return fields;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Answer send(WebTestClient with, HttpMethod method, String path, MediaType type, String body) {
        WebTestClient.RequestBodySpec spec = with.method(method).uri(path);
        WebTestClient.RequestHeadersSpec<?> ready = spec;
        if (body != null) {
            ready = spec.contentType(type).bodyValue(body);
        }
        EntityExchangeResult<String> result = ready.exchange().expectBody(String.class).returnResult();
        return new Answer(result.getStatus().value(), result.getResponseHeaders(), result.getResponseBody());
    }

    Answer get(String path) {
        return send(client, HttpMethod.GET, path, null, null);
    }

    Answer post(String path, String json) {
        return send(client, HttpMethod.POST, path, MediaType.APPLICATION_JSON, json);
    }

    Answer patch(String path, String json) {
        return send(client, HttpMethod.PATCH, path, MediaType.APPLICATION_JSON, json);
    }

    Answer delete(String path) {
        return send(client, HttpMethod.DELETE, path, null, null);
    }

    // ---- state ---------------------------------------------------------------------------------

    /** Creates a plain pipe with {@code this.data} and asserts the 201. */
    JsonNode createPipe(String resource, String id, String thisDataJson) {
        Answer answer = post("/" + resource + "/pipes",
                "{\"id\":\"" + id + "\",\"this\":{\"data\":" + thisDataJson + "}}");
        assertThat(answer.status()).as("create %s/%s: %s", resource, id, answer).isEqualTo(201);
        return answer.json();
    }

    /** The pipe as {@code GET /{resource}/pipes/{id}} shows it; fails unless 200. */
    JsonNode pipe(String resource, String id) {
        Answer answer = get("/" + resource + "/pipes/" + id);
        assertThat(answer.status()).as("GET %s/%s: %s", resource, id, answer).isEqualTo(200);
        return answer.json();
    }

    int pipeStatus(String resource, String id) {
        return get("/" + resource + "/pipes/" + id).status();
    }

    /** The ids listed by {@code GET /{resource}/pipes}, in order. */
    List<String> pipeIds(String resource) {
        Answer answer = get("/" + resource + "/pipes");
        assertThat(answer.status()).as("list %s: %s", resource, answer).isEqualTo(200);
        JsonNode list = answer.json();
        assertThat(list.isArray()).as("pipe list is a JSON array: %s", list).isTrue();
        List<String> ids = new ArrayList<>();
        list.forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    /** The blueprint's {@code pipeCount}. */
    int pipeCount(String resource, String kind, String blueprint) {
        Answer answer = get("/" + resource + "/" + kind + "/" + blueprint);
        assertThat(answer.status()).as("GET blueprint: %s", answer).isEqualTo(200);
        return answer.json().path("pipeCount").asInt(-1);
    }

    /** Deletes a pipe if it exists, for tests that must leave a need free. */
    void deleteQuietly(String resource, String id) {
        delete("/" + resource + "/pipes/" + id);
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
