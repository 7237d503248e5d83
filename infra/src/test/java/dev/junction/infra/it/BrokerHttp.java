package dev.junction.infra.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Talks to a {@link BrokerProcess} over real HTTP (java.net.http, HTTP/1.1) as a user with HTTP
 * Basic {@code foo}/{@code bar}. Every answer is kept whole ({@link Response}) so that assertion
 * messages can show what the broker said.
 */
public final class BrokerHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final BrokerProcess broker;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final String authorization;

    public BrokerHttp(BrokerProcess broker) {
        this(broker, BrokerProcess.USERNAME, BrokerProcess.PASSWORD);
    }

    private BrokerHttp(BrokerProcess broker, String username, String password) {
        this.broker = broker;
        this.authorization = username == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The same broker, without credentials. */
    public BrokerHttp anonymous() {
        return new BrokerHttp(broker, null, null);
    }

    /** The answer to one request: status, headers and the raw body (parsed on demand). */
    public record Response(String method, URI uri, int status, HttpHeaders headers, String body) {

        /** The body as JSON; a MissingNode when it is empty, an AssertionError when it is not JSON. */
        public JsonNode json() {
            if (body == null || body.isEmpty()) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("the body of " + this + " is not JSON", e);
            }
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        @Override
        public String toString() {
            return method + " " + uri + " -> " + status + " " + body;
        }
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * Sends a request to a path of the broker. A body that is a String is sent as is, anything else is
     * written as JSON; either way with {@code Content-Type: application/json}.
     */
    public Response send(String method, String path, Object body) {
        URI uri = broker.uri(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text;
            try {
                text = body instanceof String s ? s : JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(method, uri, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + uri + " failed: " + e + "\n" + broker.logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + uri, e);
        }
    }
}
