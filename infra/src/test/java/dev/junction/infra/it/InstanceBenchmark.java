package dev.junction.infra.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.infra.container.TestImages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The {@code instances} phase of {@code make bench}: what one container costs through Junction's runtime
 * against the {@code docker} CLI ({@link ContainerOverhead}), then a broker process with a catalog of the
 * dummy stencil and the local backend, driven over OSB 2.17: dummy provisions one after another, twenty at
 * once, and whole lifecycles from concurrent clients ({@link LifecycleLoad}). Sizes: {@code bench.instances-runs}
 * (30), {@code bench.instances-sequential} (20), {@code bench.instances-concurrent} (20),
 * {@code bench.instances-clients} (10), {@code bench.instances-seconds} (60).
 */
final class InstanceBenchmark {

    static final String SERVICE = "svc-bench";
    static final String PLAN = "small";
    /** How often a lone provision's last operation is polled: its latency is the figure. */
    private static final long FAST_POLL = 20;
    /** How often each of many concurrent clients polls, so the polling does not become the load. */
    static final long POLL = 50;

    private final Consumer<String> line;

    InstanceBenchmark(Consumer<String> line) {
        this.line = line;
    }

    void run() throws Exception {
        line.accept("| **service instances** (dummy stencil, local backend, Docker engine " + engineVersion() + ") | |");
        new ContainerOverhead(Integer.getInteger("bench.instances-runs", 30), line).measure();
        Path dir = Files.createTempDirectory("junction-bench-instances");
        Path resources = Files.writeString(dir.resolve("resources.yaml"), "resources:\n  - id: db\n");
        Path catalog = Files.writeString(dir.resolve("services.yaml"), """
                backends:
                  - {name: local, image: "%s"}
                services:
                  - id: %s
                    name: bench
                    bindable: true
                    plans:
                      - {id: %s, name: small, stencil: "%s", backend: local, inputs: {size: small}}
                """.formatted(TestImages.ensure("local-backend"), SERVICE, PLAN, TestImages.ensure("dummy-stencil")));
        try (BrokerProcess broker = BrokerProcess.start("bench-instances", resources,
                "--junction.instances.catalog=" + catalog)) {
            OsbClient osb = new OsbClient(broker);
            osb.await("/v2/catalog", r -> r.status() == 200 && r.json().path("services").path(0).path("plans").size() == 1,
                    Duration.ofSeconds(90));
            // the backend is configured and checked in the background after the start: measure once it is ready
            osb.await("/b/backends", r -> r.status() == 200 && "READY".equals(r.json().path(0).path("state").asText()),
                    Duration.ofSeconds(120));
            sequential(osb, Integer.getInteger("bench.instances-sequential", 20));
            concurrent(osb, Integer.getInteger("bench.instances-concurrent", 20));
            new LifecycleLoad(osb, broker, line).run(Integer.getInteger("bench.instances-clients", 10),
                    Duration.ofSeconds(Integer.getInteger("bench.instances-seconds", 60)));
        }
    }

    /** One provision at a time, each measured from its PUT to the poll that sees it succeeded. */
    private void sequential(OsbClient osb, int count) {
        OsbOperations ops = new OsbOperations(osb, FAST_POLL, SERVICE, PLAN);
        List<Long> total = new ArrayList<>();
        List<Long> setup = new ArrayList<>();
        List<Long> stencil = new ArrayList<>();
        List<Long> teardown = new ArrayList<>();
        long firstNanos = 0;
        for (int i = -2; i < count; i++) { // two warm-ups after the broker's start, reported apart
            String id = UUID.randomUUID().toString();
            long start = System.nanoTime();
            ops.provision(id);
            long took = System.nanoTime() - start;
            JsonNode task = awaitTeardown(osb, id);
            if (i == -2) {
                firstNanos = took;
            }
            if (i < 0) {
                continue;
            }
            total.add(took);
            Instant started = Instant.parse(task.path("started_at").asText());
            for (JsonNode step : task.path("steps")) {
                long at = Duration.between(started, Instant.parse(step.path("at").asText())).toNanos();
                switch (step.path("step").asText()) {
                    case "setup" -> setup.add(at);
                    case "stencil" -> stencil.add(at);
                    case "teardown" -> teardown.add(at);
                    default -> {
                    }
                }
            }
        }
        line.accept(String.format(Locale.ROOT,
                "| one dummy provision end to end, %d in turn (PUT `accepts_incomplete=true`, `last_operation` polled every %d ms, "
                        + "each one's teardown awaited before the next) | **p50 %.0f ms, p90 %.0f ms, max %.0f ms**; the first after the broker's start %.0f ms |",
                count, FAST_POLL, ms(Stats.percentile(total, 50)), ms(Stats.percentile(total, 90)), ms(Stats.max(total)),
                ms(firstNanos)));
        line.accept(String.format(Locale.ROOT,
                "| the same provisions from the operator view (`/b/instances/{id}`: each step's `at` after the task's `started_at`) "
                        + "| setup done p50 %.0f ms, stencil's outcome p50 %.0f ms (p90 %.0f), teardown's end p50 %.0f ms (p90 %.0f) |",
                ms(Stats.percentile(setup, 50)), ms(Stats.percentile(stencil, 50)), ms(Stats.percentile(stencil, 90)),
                ms(Stats.percentile(teardown, 50)), ms(Stats.percentile(teardown, 90))));
    }

    /** {@code count} provisions started together, every one awaited; all must succeed. */
    private void concurrent(OsbClient osb, int count) throws Exception {
        OsbOperations ops = new OsbOperations(osb, POLL, SERVICE, PLAN);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> done = new ArrayList<>();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < count; i++) {
            done.add(pool.submit(() -> {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                go.await();
                ops.provision(id);
                return System.nanoTime();
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        List<Long> each = new ArrayList<>();
        for (Future<Long> f : done) {
            each.add(f.get() - start); // an instance that failed fails the benchmark here
        }
        long wall = Stats.max(each);
        for (String id : ids) {
            awaitTeardown(osb, id);
        }
        long teardowns = System.nanoTime() - start;
        pool.shutdown();
        line.accept(String.format(Locale.ROOT,
                "| %d dummy provisions at once (polled every %d ms) | all %d succeeded; **wall time %.1f s** to the last success "
                        + "(first %.1f s, p50 %.1f s); all teardowns done after %.1f s; %d busy refusals retried |",
                count, POLL, each.size(), wall / 1e9, Collections.min(each) / 1e9, Stats.percentile(each, 50) / 1e9,
                teardowns / 1e9, ops.busyRetries()));
    }

    /** The first task of an instance once its teardown has succeeded. */
    static JsonNode awaitTeardown(OsbClient osb, String id) {
        return osb.await("/b/instances/" + id, r -> r.status() == 200 && tornDown(r.json().path("tasks").path(0)),
                Duration.ofSeconds(60)).json().path("tasks").path(0);
    }

    private static boolean tornDown(JsonNode task) {
        for (JsonNode step : task.path("steps")) {
            if ("teardown".equals(step.path("step").asText()) && step.path("succeeded").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String engineVersion() {
        try {
            Process p = new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return v;
        } catch (Exception e) {
            return "(version unknown)";
        }
    }
}
