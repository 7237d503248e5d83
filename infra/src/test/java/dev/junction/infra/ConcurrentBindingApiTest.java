package dev.junction.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.junction.infra.TestBroker.PASSWORD;
import static dev.junction.infra.TestBroker.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simultaneous requests over real HTTP: twenty threads, each with a request of its own, released
 * together, on as many connections.
 */
class ConcurrentBindingApiTest extends ApiTestSupport {

    private static final int REQUESTS = 20;
    private static ExecutorService threads;
    private static HttpClient http;

    @BeforeAll
    static void clients() {
        threads = Executors.newFixedThreadPool(REQUESTS);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(threads).build();
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
        http.close();
    }

    /** POSTs each body to its path at the same moment; answers the statuses by request, in order. */
    private static List<HttpResponse<String>> postAllAtOnce(List<String> paths, List<String> bodies)
            throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        CountDownLatch ready = new CountDownLatch(paths.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(paths.size())) {
            for (int i = 0; i < paths.size(); i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(ROOT + paths.get(i)))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", auth).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build();
                Callable<HttpResponse<String>> send = () -> {
                    ready.countDown();
                    go.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                };
                futures.add(senders.submit(send));
            }
            ready.await();
            go.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                responses.add(f.get());
            }
            return responses;
        }
    }

    private static Map<Integer, Integer> histogram(List<HttpResponse<String>> responses) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        responses.forEach(r -> counts.merge(r.statusCode(), 1, Integer::sum));
        return counts;
    }

    @Test
    void twentySimultaneousBindingsToANeedOfOnePipeMakeExactlyOne() throws Exception {
        assertThat(pipeCount("frontend", "needs", "backend")).as("the need starts free").isZero();
        List<String> ids = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String id = newId("race");
            ids.add(id);
            paths.add("/frontend/needs/backend/bindings");
            bodies.add("{\"id\":\"" + id + "\"}");
        }
        List<String> before = pipeIds("frontend");
        try {
            List<HttpResponse<String>> responses = postAllAtOnce(paths, bodies);

            assertThat(histogram(responses)).as("statuses").containsOnlyKeys(201, 409)
                    .containsEntry(201, 1).containsEntry(409, REQUESTS - 1);
            String winner = null;
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> r = responses.get(i);
                if (r.statusCode() == 201) {
                    winner = ids.get(i);
                    assertThat(JSON.readTree(r.body()).path("id").asText()).isEqualTo(winner);
                } else {
                    assertThat(JSON.readTree(r.body()).path("message").asText()).contains("full");
                }
            }
            List<String> after = pipeIds("frontend");
            List<String> made = new ArrayList<>(after);
            made.removeAll(before);
            assertThat(made).as("exactly one pipe exists afterwards").containsExactly(winner);
            assertThat(pipeCount("frontend", "needs", "backend")).isEqualTo(1);
            for (String id : ids) {
                if (!id.equals(winner)) {
                    assertThat(pipeStatus("frontend", id)).isEqualTo(404);
                    assertThat(get("/frontend/pipes/" + id + "/history").status()).isEqualTo(404);
                }
            }
            JsonNode pipe = pipe("frontend", winner);
            assertThat(pipe.path("proto").asText()).isEqualTo("https");
        } finally {
            ids.forEach(id -> deleteQuietly("frontend", id));
        }
        assertThat(pipeCount("frontend", "needs", "backend")).isZero();
    }

    @Test
    void twentySimultaneousBindingsToAnUnlimitedOfferAllSucceed() throws Exception {
        int countBefore = pipeCount("backend", "offers", "https");
        List<String> ids = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String id = newId("crowd");
            ids.add(id);
            paths.add("/backend/offers/https/bindings");
            bodies.add("{\"id\":\"" + id + "\"}");
        }

        List<HttpResponse<String>> responses = postAllAtOnce(paths, bodies);

        assertThat(histogram(responses)).as("statuses").containsOnlyKeys(201);
        assertThat(pipeCount("backend", "offers", "https")).isEqualTo(countBefore + REQUESTS);
        assertThat(pipeIds("backend")).containsAll(ids);
    }

    @Test
    void twentySimultaneousCreatesOfOnePipeIdMakeItOnce() throws Exception {
        String id = newId("same");
        List<String> paths = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            paths.add("/backend/pipes");
            bodies.add("{\"id\":\"" + id + "\",\"this\":{\"data\":{\"N\":\"" + i + "\"}}}");
        }

        List<HttpResponse<String>> responses = postAllAtOnce(paths, bodies);

        assertThat(histogram(responses)).as("statuses").containsOnlyKeys(201, 409)
                .containsEntry(201, 1).containsEntry(409, REQUESTS - 1);
        int winner = -1;
        for (int i = 0; i < REQUESTS; i++) {
            if (responses.get(i).statusCode() == 201) {
                winner = i;
            }
        }
        assertThat(pipe("backend", id).at("/this/data/N").asText()).as("the winner's data")
                .isEqualTo(String.valueOf(winner));
        assertThat(get("/backend/pipes/" + id + "/history").json().size()).isEqualTo(1);
        assertThat(pipeIds("backend").stream().filter(id::equals).count()).isEqualTo(1);
    }
}
