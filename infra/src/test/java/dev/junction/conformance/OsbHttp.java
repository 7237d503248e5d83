package dev.junction.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A platform's side of OSB 2.17 over {@code java.net.http} and Jackson only, so the suite sees the broker
 * as any platform would: Basic credentials, {@code X-Broker-API-Version: 2.17}, a fresh
 * {@code X-Broker-API-Request-Identity} and an originating identity on every request, JSON bodies.
 * {@link #request} lets a test take any of these away or change them.
 */
public final class OsbHttp {

    public static final String VERSION = "X-Broker-API-Version";
    public static final String REQUEST_IDENTITY = "X-Broker-API-Request-Identity";
    public static final String ORIGINATING_IDENTITY = "X-Broker-API-Originating-Identity";
    static final ObjectMapper JSON = new ObjectMapper();
    /** The platform this suite says it is, in the originating identity and in {@code context}. */
    static final String PLATFORM = "conformance";

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    OsbHttp(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = basic(user, password);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String originatingIdentity(String userId) {
        return PLATFORM + " " + Base64.getEncoder().encodeToString(
                ("{\"user_id\":\"" + userId + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    public Response get(String path) {
        return request("GET", path).send();
    }

    public Response put(String path, Object body) {
        return request("PUT", path).body(body).send();
    }

    public Response patch(String path, Object body) {
        return request("PATCH", path).body(body).send();
    }

    public Response delete(String path) {
        return request("DELETE", path).send();
    }

    /** A request with the platform's usual headers, each of which can be changed or removed. */
    public Request request(String method, String path) {
        return new Request(method, path);
    }

    /** One request being built; a header set to null is not sent. */
    public final class Request {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;

        Request(String method, String path) {
            this.method = method;
            this.path = path;
            headers.put("Authorization", authorization);
            headers.put(VERSION, "2.17");
            headers.put(REQUEST_IDENTITY, UUID.randomUUID().toString());
            headers.put("Accept", "application/json");
            if (!"GET".equals(method)) {
                headers.put(ORIGINATING_IDENTITY, originatingIdentity("conformance-user"));
            }
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request without(String name) {
            headers.put(name, null);
            return this;
        }

        /** A JSON body (a String is sent as it is), with {@code Content-Type: application/json}. */
        public Request body(Object value) {
            try {
                body = value instanceof String s ? s : JSON.writeValueAsString(value);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            headers.putIfAbsent("Content-Type", "application/json");
            return this;
        }

        public Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach((name, value) -> {
                if (value != null) {
                    builder.header(name, value);
                }
            });
            try {
                HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(method + " " + path, headers.get(REQUEST_IDENTITY), response);
            } catch (IOException e) {
                throw new AssertionError(method + " " + path + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A broker's answer, and which request and request identity it answers. */
    public record Response(String request, String requestIdentity, HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        /** The body as JSON; an empty body is {@code {}}, a body that is not JSON fails the test. */
        public JsonNode json() {
            try {
                return JSON.readTree(raw.body() == null || raw.body().isBlank() ? "{}" : raw.body());
            } catch (IOException e) {
                throw new AssertionError(request + " answered " + status() + " with a body that is not JSON: "
                        + raw.body(), e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** How long {@code Retry-After} asks to wait, as seconds or an HTTP date; {@code otherwise} without one. */
        public Duration retryAfter(Duration otherwise) {
            String value = header("Retry-After");
            if (value == null || value.isBlank()) {
                return otherwise;
            }
            try {
                return Duration.ofSeconds(Math.min(30, Long.parseLong(value.trim())));
            } catch (NumberFormatException notSeconds) {
                try {
                    Duration until = Duration.between(Instant.now(),
                            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                    return until.isNegative() ? Duration.ZERO : until;
                } catch (DateTimeParseException notADate) {
                    return otherwise;
                }
            }
        }

        @Override
        public String toString() {
            String text = raw.body() == null ? "" : raw.body();
            return request + " -> " + status() + " " + (text.length() > 500 ? text.substring(0, 500) + "…" : text);
        }
    }
}
