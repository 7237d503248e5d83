package dev.junction.infra.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Complete OSB lifecycles from concurrent clients, each step awaited before the next: provision, bind, fetch the
 * binding's credentials, unbind, deprovision. Clients start new lifecycles until the duration has passed; those
 * under way then finish and count.
 */
final class LifecycleLoad {

    private static final String[] STEPS = {"provision", "bind", "fetch credentials", "unbind", "deprovision"};

    private final OsbClient osb;
    private final BrokerProcess broker;
    private final Consumer<String> line;

    LifecycleLoad(OsbClient osb, BrokerProcess broker, Consumer<String> line) {
        this.osb = osb;
        this.broker = broker;
        this.line = line;
    }

    void run(int clients, Duration duration) throws Exception {
        OsbOperations ops = new OsbOperations(osb, InstanceBenchmark.POLL, InstanceBenchmark.SERVICE,
                InstanceBenchmark.PLAN);
        List<Long> lifecycles = Collections.synchronizedList(new ArrayList<>());
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        List<List<Long>> steps = new ArrayList<>();
        for (int i = 0; i < STEPS.length; i++) {
            steps.add(Collections.synchronizedList(new ArrayList<>()));
        }
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CpuMeter cpu = new CpuMeter(broker);
        CpuMeter.Snapshot before = cpu.snapshot();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    String id = UUID.randomUUID().toString();
                    long t = System.nanoTime();
                    try {
                        step(steps, 0, () -> ops.provision(id));
                        step(steps, 1, () -> ops.bind(id, "b-" + id));
                        step(steps, 2, () -> ops.credentials(id, "b-" + id));
                        step(steps, 3, () -> ops.unbind(id, "b-" + id));
                        step(steps, 4, () -> ops.deprovision(id));
                        lifecycles.add(System.nanoTime() - t);
                        ids.add(id);
                    } catch (AssertionError e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.getMessage());
                    }
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String usage = cpu.since(before);
        pool.shutdown();
        int containers = ids.isEmpty() ? 0 : containersOf(ids.get(0));
        double rate = lifecycles.size() / seconds;
        line.accept(String.format(Locale.ROOT,
                "| complete OSB lifecycles (provision → bind → fetch credentials → unbind → deprovision, each awaited, polled every %d ms), "
                        + "%d clients for %d s | **%.2f lifecycles/s** (%d in %.1f s, %d failed%s); per lifecycle p50 %.1f s, p99 %.1f s, max %.1f s; "
                        + "%d containers per lifecycle (counted in the operator view), so %.1f containers/s; %d busy refusals retried |",
                InstanceBenchmark.POLL, clients, duration.toSeconds(), rate, lifecycles.size(), seconds, failed.get(),
                firstFailure.get() == null ? "" : ": " + brief(firstFailure.get()),
                Stats.percentile(lifecycles, 50) / 1e9, Stats.percentile(lifecycles, 99) / 1e9, Stats.max(lifecycles) / 1e9,
                containers, rate * containers, ops.busyRetries()));
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < STEPS.length; i++) {
            each.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f s", STEPS[i],
                    Stats.percentile(steps.get(i), 50) / 1e9));
        }
        line.accept("| the lifecycles' steps, p50 from the request to the poll that saw it done | " + each + " |");
        line.accept("| CPU during the lifecycles, percent of one core | " + usage + " |");
    }

    private static void step(List<List<Long>> steps, int step, Runnable call) {
        long t = System.nanoTime();
        call.run();
        steps.get(step).add(System.nanoTime() - t);
    }

    private static String brief(String failure) {
        String first = failure.lines().findFirst().orElse("").replace('|', '/');
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }

    /** The containers an instance ran: the steps of all its tasks, once its last teardown is done. */
    private int containersOf(String id) {
        JsonNode view = osb.await("/b/instances/" + id, r -> {
            JsonNode tasks = r.json().path("tasks");
            return r.status() == 200 && tasks.size() >= 4 && tasks.path(tasks.size() - 1).path("steps").toString()
                    .contains("\"step\":\"teardown\"");
        }, Duration.ofSeconds(60)).json();
        int steps = 0;
        for (JsonNode task : view.path("tasks")) {
            steps += task.path("steps").size();
        }
        return steps;
    }
}
