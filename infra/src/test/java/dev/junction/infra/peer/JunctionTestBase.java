package dev.junction.infra.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.JunctionApplication;
import dev.junction.api.testing.FreePorts;
import dev.junction.infra.TestBroker;
import dev.junction.infra.delivery.WebhookReceiver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Junction broker for the automatic-configuration tests, shared by every test class that extends
 * this one (same configuration, so Spring's context cache starts it once): a fresh data directory
 * under {@code target/}, a port chosen here so that {@code junction.root-url} is the real one, user
 * {@code foo}/{@code bar}, short propagation retries, a one-second retry of parked config deliveries,
 * outgoing calls allowed to 127.0.0.1 only,
 * and a resources file with the resources the tests use. Beside it run a {@link ReferencePeer} and a
 * {@link WebhookReceiver}, both on 127.0.0.1.
 *
 * <p>Resources: {@code db} and {@code orders} have no default data (a pipe's {@code this.data} is only
 * what a test gives), {@code platform} has default data {@code REGION=eu}, {@code app} delivers to a
 * dotenv file, {@code hooked}, {@code flakyhook} and {@code vault} to webhooks.
 */
@SpringBootTest(classes = JunctionApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class JunctionTestBase {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Duration PATIENCE = Duration.ofSeconds(60);
    public static final String WEBHOOK_SECRET = "test-webhook-secret-0123456789";

    protected static final int PORT = FreePorts.port();
    protected static final String ROOT = "http://127.0.0.1:" + PORT;
    protected static final Path DATA_DIR = TestBroker.dataDir("peer-");
    protected static final ReferencePeer PEER = new ReferencePeer();
    protected static final WebhookReceiver WEBHOOKS = new WebhookReceiver();
    protected static final Path DOTENV = DATA_DIR.resolve("app").resolve(".env");

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString((TestBroker.USER + ":" + TestBroker.PASSWORD).getBytes(StandardCharsets.UTF_8));

    @DynamicPropertySource
    static void junctionProperties(DynamicPropertyRegistry registry) {
        Path resources = writeResources();
        TestBroker.settings(PORT, DATA_DIR).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("junction.root-url", () -> ROOT);
        registry.add("junction.resources", resources::toString);
        registry.add("junction.propagation.initial-delay", () -> "PT0.2S");
        registry.add("junction.propagation.max-delay", () -> "PT0.4S");
        registry.add("junction.propagation.max-attempts", () -> "3");
        registry.add("junction.delivery.retry-interval", () -> "PT1S");
        registry.add("junction.peers.read-timeout", () -> "PT5S");
        // every test server listens on 127.0.0.1; other hosts are refused (see PeerUrlPolicyTest)
        registry.add("junction.peers.allowed-hosts", () -> "127.0.0.1");
    }

    private static Path writeResources() {
        String yaml = """
                resources:
                  - id: db
                  - id: orders
                  - id: platform
                    data:
                      REGION: eu
                  - id: app
                    delivery:
                      type: dotenv
                      path: app/.env
                  - id: hooked
                    delivery:
                      type: webhook
                      url: %s
                      secret: %s
                  - id: flakyhook
                    delivery:
                      type: webhook
                      url: %s
                      secret: %s
                  - id: vault
                    delivery:
                      type: webhook
                      url: %s
                      secret: %s
                """.formatted(WEBHOOKS.url("/hooked"), WEBHOOK_SECRET, WEBHOOKS.url("/flakyhook"), WEBHOOK_SECRET,
                WEBHOOKS.url("/vault"), WEBHOOK_SECRET);
        Path file = DATA_DIR.resolve("resources.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A pipe id no other test uses. */
    protected static String uniqueId(String prefix) {
        return prefix + "-" + IDS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The uri Junction gives a pipe of its own. */
    protected static String junctionPipeUri(String resource, String pipe) {
        return ROOT + "/" + resource + "/pipes/" + pipe;
    }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** A user's call (HTTP Basic foo/bar) to Junction; {@code body} is JSON or null. */
    protected static Response call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ROOT + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", BASIC);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    /** An unauthenticated GET. */
    protected static Response getPublic(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build());
    }

    /** A PATCH with a JSON body and no credentials at all. */
    protected static Response unauthenticatedPatch(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A peer's PATCH with a Bearer token, answered with its body. */
    protected static Response bearerPatch(String url, String token, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A POST to Junction without credentials; answers the status. */
    protected static int unauthenticatedPost(String path) {
        return send(HttpRequest.newBuilder(URI.create(ROOT + path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build()).status();
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a plain pipe; {@code other} may be null. Asserts 201 and answers the pipe as created. */
    protected static JsonNode createPipe(String resource, String id, Map<String, ?> thisData, Map<String, ?> other) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id);
        if (thisData != null) {
            body.putObject("this").set("data", JSON.valueToTree(thisData));
        }
        if (other != null) {
            body.set("other", JSON.valueToTree(other));
        }
        Response response = call("POST", "/" + resource + "/pipes", body.toString());
        assertThat(response.status()).as("create %s/%s: %s", resource, id, response.body()).isEqualTo(201);
        return response.json();
    }

    /** Creates a pipe whose other end is the pipe {@code peerPipe} of the reference peer. */
    protected static JsonNode createPipeToPeer(String resource, String id, Map<String, ?> thisData,
                                               String peerPipe) {
        return createPipe(resource, id, thisData, Map.of("uri", PEER.pipeUri(resource, peerPipe),
                "issuer", PEER.root()));
    }

    protected static JsonNode getPipe(String resource, String id) {
        Response response = call("GET", "/" + resource + "/pipes/" + id, null);
        assertThat(response.status()).as("GET %s/%s: %s", resource, id, response.body()).isEqualTo(200);
        return response.json();
    }

    protected static JsonNode history(String resource, String id) {
        Response response = call("GET", "/" + resource + "/pipes/" + id + "/history", null);
        assertThat(response.status()).as("history of %s/%s: %s", resource, id, response.body()).isEqualTo(200);
        return response.json();
    }

    /** Junction's published keys, fetched over HTTP as a peer would. */
    protected static com.nimbusds.jose.jwk.JWKSet junctionKeys() {
        Response response = getPublic(ROOT + "/.well-known/jwks.json");
        assertThat(response.status()).isEqualTo(200);
        try {
            return com.nimbusds.jose.jwk.JWKSet.parse(response.body());
        } catch (java.text.ParseException e) {
            throw new AssertionError("JWKS cannot be read: " + response.body(), e);
        }
    }

    /** The event types of a pipe's history, oldest first. */
    protected static java.util.List<String> eventTypes(String resource, String id) {
        java.util.List<String> types = new java.util.ArrayList<>();
        history(resource, id).forEach(entry -> types.add(entry.path("type").asText()));
        return types;
    }
}
