package dev.junction.infra.it;

import dev.junction.infra.it.BrokerHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker killed without warning (SIGKILL to its JVM and its embedded PostgreSQL, as when a host
 * or container dies) comes back with every write it had acknowledged: the event store has them,
 * and what the reads answer must agree with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerCrashIT {

    private BrokerProcess broker;
    private BrokerHttp http;

    @BeforeAll
    void startBroker() {
        broker = BrokerProcess.start("crash", BrokerProcess.example("provider.yaml"));
        http = new BrokerHttp(broker);
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void acknowledgedWritesAreReadableAfterACrash() {
        // writes of every kind
        Response bound = http.post("/backend/offers/https/bindings", Map.of("id", "frontend"));
        assertThat(bound.status()).as("%s", bound).isEqualTo(201);
        Response gone = http.post("/db/pipes", Map.of("id", "gone"));
        assertThat(gone.status()).as("%s", gone).isEqualTo(201);
        Response deleted = http.delete("/db/pipes/gone");
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        Response created = http.post("/db/pipes", Map.of("id", "kept"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);

        Response frontend = http.get("/backend/pipes/frontend");
        Response offer = http.get("/backend/offers/https");
        assertThat(offer.json().path("pipeCount").asInt(-1)).isEqualTo(1);

        // the last write is acknowledged, and the broker dies right after
        String uri = "postgresql://user:rotated@db.example.com:5432/mydb";
        Response patched = http.patch("/db/pipes/kept", Map.of("this", Map.of("data", Map.of("URI", uri))));
        assertThat(patched.status()).as("%s", patched).isEqualTo(202);
        broker.crash();
        broker.startAgain();

        Response kept = http.get("/db/pipes/kept");
        assertThat(kept.status()).as("%s", kept).isEqualTo(200);
        assertThat(kept.json().path("this").path("data").path("URI").asText(null))
                .as("the write acknowledged before the crash: %s", kept).isEqualTo(uri);
        assertThat(ids(http.get("/db/pipes"))).containsExactly("kept");
        assertThat(http.get("/db/pipes/gone").status()).as("a deleted pipe stays deleted").isEqualTo(404);
        assertSameAnswer(http.get("/backend/pipes/frontend"), frontend);
        assertSameAnswer(http.get("/backend/offers/https"), offer);
    }

    @Test
    void aBrokerKilledAloneLeavesItsPostgresRunningAndTheNextStartStopsIt() {
        Response created = http.post("/backend/pipes", Map.of("id", "survivor"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);

        long leftOver = broker.killLeavingPostgres();
        assertThat(ProcessHandle.of(leftOver)).as("PostgreSQL outlives its broker's SIGKILL")
                .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        broker.startAgain();

        assertThat(ProcessHandle.of(leftOver).map(ProcessHandle::isAlive).orElse(false))
                .as("the left-over PostgreSQL was stopped").isFalse();
        Response survivor = http.get("/backend/pipes/survivor");
        assertThat(survivor.status()).as("%s", survivor).isEqualTo(200);
    }

    /**
     * Sixteen clients write while the broker is killed: every create and update it acknowledged (their
     * events committed in shared transactions) is there at once after the restart, once; a write cut off
     * without an answer may or may not be there, so a pipe shows its last acknowledged update or the one
     * sent after it.
     */
    @Test
    void writesAcknowledgedUnderLoadSurviveAKillInTheMiddleOfIt() throws Exception {
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        Map<String, Integer> attempted = new ConcurrentHashMap<>(); // the update that may have been cut off
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            int client = c;
            clients.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; !killed.get(); i++) {
                        String id = "load-" + client + "-" + i;
                        if (http.post("/db/pipes", Map.of("id", id)).status() == 201) {
                            acknowledged.put(id, 0);
                            for (int v = 1; v <= i % 3; v++) {
                                attempted.put(id, v);
                                Response patched = http.patch("/db/pipes/" + id,
                                        Map.of("this", Map.of("data", Map.of("V", String.valueOf(v)))));
                                if (patched.status() == 202) {
                                    acknowledged.put(id, v);
                                }
                            }
                        }
                    }
                } catch (AssertionError cutOff) {
                    // the broker died during this request: it was not acknowledged
                }
            }));
        }
        Thread.sleep(4_000);
        killed.set(true);
        broker.crash();
        for (Thread client : clients) {
            client.join(60_000);
        }
        assertThat(acknowledged).as("writes acknowledged before the kill").hasSizeGreaterThan(100);

        broker.startAgain();

        for (Map.Entry<String, Integer> write : acknowledged.entrySet()) {
            Response pipe = http.get("/db/pipes/" + write.getKey());
            assertThat(pipe.status()).as("acknowledged pipe %s, at once after the restart", write.getKey()).isEqualTo(200);
            int stored = pipe.json().path("this").path("data").path("V").asInt(0);
            assertThat(stored).as("the version of %s: its last acknowledged update, or the one cut off after it",
                    write.getKey()).isBetween(write.getValue(), attempted.getOrDefault(write.getKey(), write.getValue()));
        }
        List<String> listed = ids(http.get("/db/pipes")).stream().filter(id -> id.startsWith("load-")).toList();
        assertThat(listed).as("each pipe once").doesNotHaveDuplicates().containsAll(acknowledged.keySet());
        String sample = acknowledged.keySet().iterator().next();
        JsonNode history = http.get("/db/pipes/" + sample + "/history").json();
        long created = java.util.stream.StreamSupport.stream(history.spliterator(), false)
                .filter(e -> e.path("type").asText().contains("PipeCreated")).count();
        assertThat(created).as("one creation in the history of %s: %s", sample, history).isEqualTo(1);
    }

    private static void assertSameAnswer(Response after, Response before) {
        assertThat(after.status()).as("after the crash: %s; before: %s", after, before).isEqualTo(before.status());
        assertThat(after.json()).as("after the crash: %s; before: %s", after, before).isEqualTo(before.json());
    }

    private static List<String> ids(Response list) {
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }
}
