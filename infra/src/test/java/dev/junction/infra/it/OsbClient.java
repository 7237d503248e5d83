package dev.junction.infra.it;

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
import java.util.Base64;
import java.util.function.Predicate;

/** A platform speaking OSB 2.17 to a broker process: Basic auth, the version header, JSON bodies. */
final class OsbClient {

    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(raw.body().isEmpty() ? "{}" : raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    private final BrokerProcess broker;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String authorization = "Basic " + Base64.getEncoder().encodeToString(
            (BrokerProcess.USERNAME + ":" + BrokerProcess.PASSWORD).getBytes(StandardCharsets.UTF_8));

    OsbClient(BrokerProcess broker) {
        this.broker = broker;
    }

    Response get(String path) {
        return send("GET", path, null, "2.17");
    }

    Response put(String path, Object body) {
        return send("PUT", path, body, "2.17");
    }

    Response patch(String path, Object body) {
        return send("PATCH", path, body, "2.17");
    }

    Response delete(String path) {
        return send("DELETE", path, null, "2.17");
    }

    /** A text route of the operator's, such as a task's log. */
    String text(String path) {
        return send("GET", path, null, null, "text/plain").raw().body();
    }

    Response send(String method, String path, Object body, String version) {
        return send(method, path, body, version, "application/json");
    }

    private Response send(String method, String path, Object body, String version, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(broker.rootUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
                .header("Accept", accept)
                .header("X-Broker-API-Originating-Identity", "cloudfoundry "
                        + Base64.getEncoder().encodeToString("{\"user_id\":\"platform-user\"}".getBytes(StandardCharsets.UTF_8)));
        if (version != null) {
            request.header("X-Broker-API-Version", version);
        }
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e + "\n" + broker.logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls {@code path} until {@code done} holds, within {@code timeout}; the last answer otherwise fails. */
    Response await(String path, Predicate<Response> done, Duration timeout) {
        Instant until = Instant.now().plus(timeout);
        Response last;
        do {
            last = get(path);
            if (done.test(last)) {
                return last;
            }
            sleep(200);
        } while (Instant.now().isBefore(until));
        throw new AssertionError("GET " + path + " did not reach the expected answer in " + timeout + "; last: "
                + last + "\n" + broker.logTail());
    }

    /** Polls an instance's (or binding's) last operation until it is no longer in progress. */
    Response awaitOperation(String resourcePath, String operation, Duration timeout) {
        return await(resourcePath + "/last_operation?operation=" + operation,
                r -> r.status() != 200 || !"in progress".equals(r.json().path("state").asText()), timeout);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
