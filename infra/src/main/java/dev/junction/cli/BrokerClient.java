package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The broker's HTTP API as the CLI uses it: HTTP Basic on every request, the OSB version header on
 * {@code /v2}, JSON in and out. Every failure becomes a {@link CliException} with the exit code of its kind
 * and one line naming it; the password is only ever in the Authorization header.
 */
public final class BrokerClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OSB_VERSION = "2.17";
    /** The longest a plain request may take; a followed log has no limit but the broker's own. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** An answer: its status, its body as text, and Retry-After when it had one. */
    public record Response(int status, String body, Optional<String> retryAfter) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body as JSON; an answer that is not JSON is not the broker's API. */
        public JsonNode json() {
            try {
                return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new CliException(ExitCodes.UNAVAILABLE, "unexpected answer from the broker (HTTP " + status
                        + "): not JSON");
            }
        }
    }

    private final URI base;
    private final String authorization;
    private final HttpClient http;

    public BrokerClient(URI base, String user, String password) {
        this.base = base;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** One path segment, percent-encoded: ids are the caller's text. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response send(String method, String path, JsonNode body) {
        HttpRequest request = request(method, path, body).timeout(REQUEST_TIMEOUT).build();
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }

    /** GET that must succeed with JSON; otherwise {@code what} is named in the failure. */
    public JsonNode getJson(String path, String what) {
        Response response = get(path);
        if (!response.ok()) {
            throw failure(response, what);
        }
        return response.json();
    }

    /** A streamed GET (a followed log, a file): its body as it arrives, once the status says success. */
    public InputStream stream(String path, String what) {
        HttpResponse<InputStream> response = exchange(request("GET", path, null).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw failure(new Response(response.statusCode(), body, Optional.empty()), what);
        }
        return response.body();
    }

    /** The exception for an answer that is not a success: its kind's exit code, the broker's reason. */
    public static CliException failure(Response response, String what) {
        return new CliException(ExitCodes.forStatus(response.status()),
                what + ": " + reason(response) + " (HTTP " + response.status() + ")");
    }

    /** The broker's reason: OSB's {@code description} or Junction's {@code message} and the fields it names. */
    static String reason(Response response) {
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException | RuntimeException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return defaultReason(response.status());
        }
        StringBuilder reason = new StringBuilder();
        String text = body.path("description").asText(body.path("message").asText(""));
        reason.append(text.isBlank() ? defaultReason(response.status()) : text);
        for (JsonNode field : body.path("errors")) {
            if (field.hasNonNull("field")) {
                reason.append("; ").append(field.path("field").asText()).append(": ").append(field.path("message").asText());
            }
        }
        return Table.oneLine(reason.toString(), 600);
    }

    private static String defaultReason(int status) {
        return switch (ExitCodes.forStatus(status)) {
            case ExitCodes.AUTHENTICATION -> "credentials refused (set --user and --password, or JUNCTION_USER and JUNCTION_PASSWORD)";
            case ExitCodes.NOT_FOUND -> "not found";
            case ExitCodes.REFUSED -> "refused";
            default -> "the broker failed";
        };
    }

    private HttpRequest.Builder request(String method, String path, JsonNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .header("Accept", "application/json, text/plain, */*");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (path.startsWith("/v2/")) {
            builder.header("X-Broker-API-Version", OSB_VERSION);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw unavailable("could not connect within 5 s");
        } catch (HttpTimeoutException e) {
            throw unavailable("no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unavailable("connection refused");
        } catch (IOException e) {
            throw unavailable(e.getMessage() == null ? e.getClass().getSimpleName() : Table.oneLine(e.getMessage(), 200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private CliException unavailable(String why) {
        return new CliException(ExitCodes.UNAVAILABLE, "cannot reach the broker at " + base + ": " + why);
    }
}
