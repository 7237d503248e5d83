package dev.junction.infra;

import dev.junction.infra.HostileRequests.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Random;

import static dev.junction.infra.TestBroker.PASSWORD;
import static dev.junction.infra.TestBroker.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on every route ({@link HostileRequests}): no answer is a 5xx or takes over 2 s, a 4xx changes
 * nothing, the broker is alive afterwards, and no line of its log starts with text a caller injected.
 * {@code make test} runs {@value #DEFAULT_ITERATIONS} requests; {@code make fuzz} runs many more
 * ({@code -Djunction.fuzz.iterations}); a failure names its seed ({@code -Djunction.fuzz.seed} replays it).
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputFuzzApiTest extends ApiTestSupport {

    private static final int DEFAULT_ITERATIONS = 300;
    private static final Duration SLOWEST = Duration.ofSeconds(2);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private record Reply(int status, String body, Duration took) {
    }

    @Test
    void hostileRequestsGetNoServerErrorChangeNothingWhenRefusedAndForgeNoLogLine(CapturedOutput log) throws Exception {
        int iterations = Integer.getInteger("junction.fuzz.iterations", DEFAULT_ITERATIONS);
        long seed = Long.getLong("junction.fuzz.seed", System.nanoTime());
        String target = newId("fuzz");
        createPipe("db", target, "{\"host\":\"a\"}");
        HostileRequests requests = new HostileRequests(new Random(seed), target, USER, PASSWORD);
        List<String> failures = new ArrayList<>();
        Map<String, List<String>> existing = new HashMap<>();
        HostileRequests.resources().forEach(resource -> existing.put(resource, pipeIds(resource)));
        try {
            fuzz(requests, iterations, target, failures);
        } finally {
            // the broker is shared with other test classes: pipes that requests made (valid ones pass) go again
            existing.forEach((resource, before) -> pipeIds(resource).stream().filter(id -> !before.contains(id))
                    .forEach(id -> deleteQuietly(resource, id)));
            deleteQuietly("db", target);
        }

        assertThat(failures).as("hostile requests that broke a rule (seed %d)", seed).isEmpty();
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(log.getAll().lines().filter(line -> line.startsWith(HostileRequests.FORGED)).toList())
                .as("log lines forged by callers (seed %d)", seed).isEmpty();
    }

    private void fuzz(HostileRequests requests, int iterations, String target, List<String> failures) throws Exception {
        for (int i = 0; i < iterations && failures.size() < 20; i++) {
            Request request = requests.next();
            String before = request.mutating() ? state(target) : null;
            Reply reply;
            try {
                reply = send(request);
            } catch (IllegalArgumentException unsendable) {
                continue; // a header value no HTTP client can send
            } catch (HttpTimeoutException e) {
                failures.add("no answer within " + ANSWER_TIMEOUT.toSeconds() + " s: " + request);
                continue;
            } catch (IOException e) {
                failures.add("no answer (" + e.getMessage() + "): " + request);
                continue;
            }
            if (reply.status() >= 500) {
                failures.add(reply.status() + " for " + request + ": " + reply.body());
            }
            if (reply.took().compareTo(SLOWEST) > 0) {
                failures.add("took " + reply.took().toMillis() + " ms: " + request);
            }
            if (before != null && reply.status() >= 400 && reply.status() < 500 && !before.equals(state(target))) {
                failures.add(reply.status() + " changed the broker's state: " + request);
            }
        }
    }

    private Reply send(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(ROOT + request.path()))
                .timeout(ANSWER_TIMEOUT)
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach(builder::header);
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** What a refused request must not change: the target pipe and every resource's pipe ids. */
    private String state(String target) {
        StringBuilder state = new StringBuilder(get("/db/pipes/" + target).body());
        for (String resource : HostileRequests.resources()) {
            state.append('\n').append(pipeIds(resource));
        }
        return state.toString();
    }
}
