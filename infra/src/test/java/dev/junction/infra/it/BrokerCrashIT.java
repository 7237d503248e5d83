package dev.junction.infra.it;

import dev.junction.infra.it.BrokerHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
