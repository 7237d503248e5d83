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

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The current build started on a data directory written by the previous release (the fixture under
 * {@code src/test/resources/compat}, made by {@code src/test/compat/make-fixture.sh}; its README says
 * what it holds). Every read route answers exactly what the previous release answered, first on the
 * read models it left, then on read models rebuilt from its events, and new commands build on its pipes,
 * blueprint slots, snapshots and sagas. A renamed event, aggregate or saga class without an upcaster, or
 * a changed read model or key format, fails here.
 *
 * <p>The answers are compared whole, times included: nothing changes the fixture's data before the
 * commands of the later tests, whose new events are checked by type and sequence, not by time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoredDataCompatibilityIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private JsonNode expected;
    private BrokerProcess broker;
    private BrokerHttp http;

    @BeforeAll
    void startOnThePreviousReleasesData() throws IOException {
        expected = BrokerHttp.JSON.readTree(fixture("expected.json").toFile());
        // The stored pipes and keys name the previous broker's URL; the new one must call itself the same.
        // It must not rotate the fixture's signing key for being older than a day either.
        broker = BrokerProcess.launch("compat", BrokerProcess.example("demo.yaml"),
                "--junction.root-url=" + expected.path("rootUrl").asText(),
                "--junction.oidc.rotation-period=P36500D");
        // BrokerProcess launches on a fresh data directory only: stopped at once, long before its JVM gets
        // to start PostgreSQL there, it leaves the directory to the fixture (a full first start costs ~40 s).
        broker.stop();
        assertThat(broker.dataDir().resolve("postgres/postmaster.pid")).as("no PostgreSQL was started").doesNotExist();
        emptyDirectory(broker.dataDir());
        unpack(fixture("home-data.tar.gz"), broker.dataDir());
        broker.startAgain();
        http = new BrokerHttp(broker);
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void theReadModelsThePreviousReleaseLeftAnswerAsItDid() throws IOException {
        assertThat(Files.readString(broker.logFile())).as("the fixture's read models were sealed: no rebuild at start")
                .doesNotContain("rebuilding them");
        assertEveryReadRouteAnswersAsBefore();
    }

    @Test
    @Order(2)
    void readModelsRebuiltFromItsEventsAnswerTheSame() {
        Response rebuilt = http.post("/admin/read-models/rebuild", null);
        assertThat(rebuilt.status()).as("%s", rebuilt).isEqualTo(200);
        assertEveryReadRouteAnswersAsBefore();
    }

    @Test
    @Order(3)
    void theSigningKeysAreTheSame() {
        assertThat(kids(http.anonymous().get("/.well-known/jwks.json").json()))
                .as("the key that signs and the one rotated out")
                .hasSize(2)
                .isEqualTo(kids(expectedAnswer("/.well-known/jwks.json").path("body")));
    }

    @Test
    @Order(4)
    void aPipeOfThePreviousReleaseIsPatchedDeletedAndCreatedAgain() {
        JsonNode before = expectedAnswer("/db/pipes/plain/history").path("body");
        String uri = "postgresql://user:new-release@db.example.com:5432/mydb";
        assertStatus(http.patch("/db/pipes/plain", Map.of("this", Map.of("data", Map.of("URI", uri)))), 202);
        assertThat(http.get("/db/pipes/plain").json().path("this").path("data").path("URI").asText()).isEqualTo(uri);
        assertStatus(http.delete("/db/pipes/plain"), 204);
        assertStatus(http.post("/db/pipes", Map.of("id", "plain")), 201);

        JsonNode history = http.get("/db/pipes/plain/history").json();
        assertThat(history.size()).as("%s", history).isEqualTo(before.size() + 3);
        for (int i = 0; i < before.size(); i++) {
            assertThat(history.get(i)).as("event %d of the previous release", i).isEqualTo(before.get(i));
        }
        assertThat(types(history).subList(before.size(), history.size()))
                .containsExactly("ThisEndUpdated", "PipeDeleted", "PipeCreated");
        assertThat(history.get(before.size()).path("sequence").asLong())
                .isEqualTo(before.get(before.size() - 1).path("sequence").asLong() + 1);

        assertStatus(http.post("/db/pipes", Map.of("id", "gone")), 201);
        assertThat(types(http.get("/db/pipes/gone/history").json()))
                .as("a pipe the previous release deleted lives again on its stream")
                .containsExactly("PipeCreated", "PipeDeleted", "PipeCreated");
    }

    @Test
    @Order(5)
    void aPipeWithASnapshotOfThePreviousReleaseTakesTheNextEvent() {
        JsonNode before = expectedAnswer("/db/pipes/busy/history").path("body");
        assertStatus(http.patch("/db/pipes/busy", Map.of("this", Map.of("data", Map.of("N", "next")))), 202);
        JsonNode pipe = http.get("/db/pipes/busy").json();
        assertThat(pipe.path("this").path("data").path("N").asText()).as("%s", pipe).isEqualTo("next");
        JsonNode history = http.get("/db/pipes/busy/history").json();
        assertThat(history.get(history.size() - 1).path("sequence").asLong())
                .isEqualTo(before.get(before.size() - 1).path("sequence").asLong() + 1);
    }

    @Test
    @Order(6)
    void blueprintSlotsOfThePreviousReleaseHold() {
        assertStatus(http.post("/frontend/needs/backend/bindings", Map.of("id", "again")), 201);
        assertStatus(http.post("/frontend/needs/backend/bindings", Map.of("id", "again-2")), 409);
        assertThat(http.get("/frontend/needs/backend").json().path("pipeCount").asInt(-1)).isEqualTo(1);
        assertStatus(http.post("/backend/offers/https/bindings", Map.of("id", "frontend")), 409);
        assertStatus(http.patch("/db", Map.of("data", Map.of("URI", "postgresql://user:new@db.example.com:5432/mydb"))), 202);
    }

    @Test
    @Order(7)
    void theSagaOfAPeerPipeOfThePreviousReleaseDeliversItsNextChange() {
        long delivered = expectedAnswer("/backend/pipes/peer").path("body").path("propagation").path("version").asLong();
        assertStatus(http.patch("/backend/pipes/peer", Map.of("this", Map.of("data", Map.of("URI", "https://next.example")))), 202);
        // the peer broker of the fixture is not running: the attempt fails, and the saga says so on the pipe
        JsonNode pipe = await("/backend/pipes/peer", p -> p.path("propagation").path("version").asLong() > delivered
                && !"delivered".equals(p.path("propagation").path("state").asText()));
        assertThat(pipe.path("propagation").path("lastError").asText()).as("%s", pipe).isNotBlank();
    }

    private void assertEveryReadRouteAnswersAsBefore() {
        for (JsonNode answer : expected.path("answers")) {
            Response now = http.get(answer.path("path").asText());
            assertThat(now.status()).as("%s; the previous release answered %s", now, answer).isEqualTo(answer.path("status").asInt());
            assertThat(now.json()).as("%s; the previous release answered %s", now, answer).isEqualTo(answer.path("body"));
        }
    }

    private JsonNode expectedAnswer(String path) {
        for (JsonNode answer : expected.path("answers")) {
            if (path.equals(answer.path("path").asText())) {
                return answer;
            }
        }
        throw new AssertionError("the fixture recorded no answer for " + path);
    }

    private JsonNode await(String path, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Response last;
        do {
            last = http.get(path);
            if (last.status() == 200 && condition.test(last.json())) {
                return last.json();
            }
            sleep();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("condition on " + path + " not met within " + PATIENCE + "; last answer: " + last);
    }

    private static void assertStatus(Response response, int status) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
    }

    private static List<String> kids(JsonNode jwks) {
        List<String> kids = new ArrayList<>();
        jwks.path("keys").forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }

    private static List<String> types(JsonNode history) {
        List<String> types = new ArrayList<>();
        history.forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private static Path fixture(String name) {
        try {
            return Path.of(StoredDataCompatibilityIT.class.getResource("/compat/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("the fixture compat/" + name + " is not on the test class path", e);
        }
    }

    /** By tar, which keeps the file modes PostgreSQL insists on (a data directory only its owner may read). */
    private static void unpack(Path archive, Path into) throws IOException {
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
                .redirectErrorStream(true).start();
        try (InputStream out = tar.getInputStream()) {
            String output = new String(out.readAllBytes());
            assertThat(tar.waitFor()).as("tar -xzf %s: %s", archive, output).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while unpacking " + archive, e);
        }
    }

    private static void emptyDirectory(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
