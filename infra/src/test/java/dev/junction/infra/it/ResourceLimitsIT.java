package dev.junction.infra.it;

import dev.junction.infra.it.BrokerHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker on the heap of `make run` raised to 512 MiB, fed large pipes by several clients, keeps
 * answering (or refuses with 413); killed with SIGKILL, it starts again at the same heap on its own
 * data, answers every acknowledged pipe (never 404, also while it rebuilds its read models), and after
 * a clean stop the next start uses the rebuilt read models instead of rebuilding them again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceLimitsIT {

    /** The Makefile's JVM_OPTS with a 512 MiB heap, C1 only so that the brokers start faster. */
    static final String JVM = "-Xms512m -Xmx512m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m "
            + "-XX:MaxMetaspaceSize=200m -Xss512k -XX:MaxDirectMemorySize=64m -XX:TieredStopAtLevel=1";
    static final Duration LOAD = Duration.ofSeconds(Long.getLong("junction.it.limits-load-seconds", 30));
    static final int CLIENTS = 4;
    static final String BLOB = "x".repeat(60 * 1024); // data just under the 64 KiB limit of an end

    private BrokerProcess broker;

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void largePipesNeitherStallTheBrokerNorKeepItFromRestartingOnItsOwnData() throws Exception {
        broker = BrokerProcess.launchWithJvm("limits", BrokerProcess.example("provider.yaml"), JVM);
        broker.awaitReady();
        BrokerHttp http = new BrokerHttp(broker);

        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        long until = System.nanoTime() + LOAD.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; System.nanoTime() < until; i++) {
                    String id = "p" + client + "-" + i;
                    Response created = http.post("/db/pipes", Map.of("id", id, "this", Map.of("data",
                            Map.of("BLOB", BLOB, "N", "0"))));
                    if (created.status() == 201) {
                        acknowledged.put(id, 0);
                        if (i % 3 == 0) { // a second large event on some pipes
                            Response patched = http.patch("/db/pipes/" + id,
                                    Map.of("this", Map.of("data", Map.of("N", "1", "MORE", BLOB))));
                            if (patched.status() == 202) {
                                acknowledged.put(id, 1);
                            } else {
                                note(problems, refused, patched);
                            }
                        }
                    } else {
                        note(problems, refused, created);
                    }
                }
            }));
        }
        // the broker keeps answering under the load: liveness and a read within seconds
        while (clients.stream().anyMatch(Thread::isAlive)) {
            long started = System.nanoTime();
            Response live = http.anonymous().get("/actuator/health/liveness");
            assertThat(live.status()).as("%s", live).isEqualTo(200);
            acknowledged.keySet().stream().findAny().ifPresent(id -> {
                Response read = http.get("/db/pipes/" + id);
                assertThat(read.status()).as("%s", read).isEqualTo(200);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("liveness and a read")
                    .isLessThan(Duration.ofSeconds(10));
            Thread.sleep(2_000);
        }
        for (Thread client : clients) {
            client.join();
        }
        assertThat(problems).as("answers other than 201/202/413").isEmpty();
        assertThat(acknowledged).as("pipes acknowledged (%d refused with 413)", refused.get()).hasSizeGreaterThan(100);

        broker.crash();
        Set<Integer> seenWhileStarting = readWhileStarting(http, List.copyOf(acknowledged.keySet()));
        assertThat(seenWhileStarting).as("answers to reads of acknowledged pipes during the start").doesNotContain(404);
        assertEveryPipeReadable(http, acknowledged);
        assertThat(logOfThisStart()).contains("rebuilding them");

        broker.restart();
        assertThat(logOfThisStart()).as("a clean stop after a rebuild: the views are kept")
                .contains("closed cleanly last time").doesNotContain("rebuilding them");
        assertEveryPipeReadable(http, acknowledged);
    }

    private static void note(List<String> problems, AtomicInteger refused, Response response) {
        if (response.status() == 413) {
            refused.incrementAndGet();
        } else {
            problems.add(response.toString().substring(0, Math.min(300, response.toString().length())));
        }
    }

    /** Starts the broker again and reads acknowledged pipes until it is ready; the statuses seen once it answered. */
    private Set<Integer> readWhileStarting(BrokerHttp http, List<String> ids) throws InterruptedException {
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        Thread reader = Thread.ofPlatform().start(() -> {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                try {
                    statuses.add(http.get("/db/pipes/" + ids.get(i % ids.size())).status());
                } catch (AssertionError notAnswering) {
                    sleep(200); // not listening yet
                }
            }
        });
        try {
            broker.startAgain();
        } finally {
            reader.interrupt();
            reader.join();
        }
        return statuses;
    }

    private static void assertEveryPipeReadable(BrokerHttp http, Map<String, Integer> acknowledged) {
        for (Map.Entry<String, Integer> pipe : acknowledged.entrySet()) {
            Response read = http.get("/db/pipes/" + pipe.getKey());
            assertThat(read.status()).as("%s", read.uri()).isEqualTo(200);
            assertThat(read.json().at("/this/data/N").asText()).as("%s", read.uri())
                    .isEqualTo(String.valueOf(pipe.getValue()));
        }
    }

    private String logOfThisStart() throws IOException {
        return Files.readString(broker.logFile());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
