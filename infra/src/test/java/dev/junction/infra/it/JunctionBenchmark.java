package dev.junction.infra.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code make bench}: Junction on its embedded default, as a separate process, driven over HTTP by a
 * load generator on the same machine. Each phase prints its figures and appends them to
 * {@code target/bench-results.md}. Sizes come from system properties ({@code bench.seconds},
 * {@code bench.clients}, {@code bench.pipes}, {@code bench.events}).
 */
@EnabledIfSystemProperty(named = "junction.bench", matches = "true")
class JunctionBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
    private static final int PIPES = Integer.getInteger("bench.pipes", 100_000);
    private static final long EVENTS = Long.getLong("bench.events", 1_000_000L);
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("foo:bar".getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final StringBuilder report = new StringBuilder();

    @Test
    void benchmark() throws Exception {
        Path dir = Files.createTempDirectory("junction-bench");
        Path providerYaml = dir.resolve("provider.yaml");
        Files.writeString(providerYaml, """
                resources:
                  - id: db
                    data:
                      URI: postgresql://user:password@db.example.com:5432/mydb
                  - id: backend
                  - id: bulk
                """);
        Path consumerYaml = dir.resolve("consumer.yaml");
        Files.writeString(consumerYaml, """
                resources:
                  - id: frontend
                """);
        line("# Junction benchmark, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, load generator on the same machine, " + CLIENTS + " clients");
        if (phase("instances")) {
            new InstanceBenchmark(this::line).run();
        }
        boolean pipes = phase("load") || phase("rebuild") || phase("propagation");
        try (BrokerProcess provider = pipes ? BrokerProcess.start("bench-provider", providerYaml) : null) {
            long events = 0;
            List<String> created = new ArrayList<>();
            if (phase("load")) {
                events += creations(provider, created);
                visibility(provider);
                events += patches(provider, created);
                events += fillTo(provider, created, PIPES);
                memory(provider, created.size());
            }
            if (phase("rebuild")) {
                events += fillTo(provider, created, Math.min(PIPES, (int) Math.min(EVENTS, Integer.MAX_VALUE)));
                if (EVENTS > events) {
                    // the rest straight into the event store (HTTP at a few hundred commands/s would
                    // take most of an hour for a million): pipes of "bulk", created then changed 19 times
                    long start = System.nanoTime();
                    long appended = EventStoreFiller.append(provider, "bulk", EVENTS - events, 20);
                    line(String.format(Locale.ROOT, "| events appended directly to the event store (same serialiser and encryption) | %,d in %.1f s |",
                            appended, (System.nanoTime() - start) / 1e9));
                    events += appended;
                    // the broker's streaming processors (saga, platform changes, config delivery) now
                    // work through the events appended behind their back; a broker that had produced
                    // them itself would have done so as they came, so the rebuild starts once it is idle
                    awaitIdle(provider, start, "after the direct append began");
                }
                rebuild(provider);
            }
            if (phase("propagation")) {
                if (events > 0) {
                    // the streaming processors may still be working through what the phases before wrote:
                    // how long that takes is a figure of its own, and latency is measured after it
                    awaitIdle(provider, System.nanoTime(), "after the phases before ended");
                }
                try (BrokerProcess consumer = BrokerProcess.start("bench-consumer", consumerYaml)) {
                    propagation(provider, consumer);
                }
            }
        }
        Path out = Path.of("target", "bench-results.md");
        Files.writeString(out, report.toString());
        System.out.println(report);
    }

    /** {@code bench.phases}: a comma-separated choice of load, rebuild, propagation, instances (default: the first three). */
    private static boolean phase(String name) {
        String phases = System.getProperty("bench.phases", "load,rebuild,propagation");
        return List.of(phases.split(",")).contains(name);
    }

    // ---- phases ------------------------------------------------------------------------------

    private long creations(BrokerProcess broker, List<String> created) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        Result r = load(broker, Duration.ofSeconds(SECONDS), i -> {
            String id = "p" + next.incrementAndGet();
            return new Call("POST", "/db/pipes", "{\"id\":\"" + id + "\"}", 201, () -> ids.add(id));
        });
        created.addAll(ids);
        r.print("pipe creations (POST /db/pipes, durable)");
        return r.ok;
    }

    private void visibility(BrokerProcess broker) throws Exception {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 2_000; i++) {
            String id = "v" + i;
            HttpResponse<String> created = send(broker, "POST", "/db/pipes", "{\"id\":\"" + id + "\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            long start = System.nanoTime();
            while (send(broker, "GET", "/db/pipes/" + id, null).statusCode() != 200) {
                Thread.onSpinWait();
            }
            h.recordValue((System.nanoTime() - start) / 1_000);
        }
        line(String.format(Locale.ROOT, "| new pipe visible in the read model after its 201 | p50 %.2f ms, p99 %.2f ms, max %.2f ms (2,000 samples) |",
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0));
    }

    private long patches(BrokerProcess broker, List<String> pipes) throws Exception {
        AtomicLong n = new AtomicLong();
        Result r = load(broker, Duration.ofSeconds(SECONDS), i -> {
            long k = n.incrementAndGet();
            String id = pipes.get((int) (k % pipes.size()));
            return new Call("PATCH", "/db/pipes/" + id, "{\"this\":{\"data\":{\"N\":\"" + k + "\"}}}", 202, null);
        });
        r.print("PATCHes (PATCH /db/pipes/{id}, durable)");
        return r.ok;
    }

    private long fillTo(BrokerProcess broker, List<String> created, int target) throws Exception {
        int missing = target - created.size();
        if (missing <= 0) {
            return 0;
        }
        AtomicInteger next = new AtomicInteger();
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        Result r = loadCount(broker, missing, i -> {
            String id = "f" + next.incrementAndGet();
            return new Call("POST", "/db/pipes", "{\"id\":\"" + id + "\"}", 201, () -> ids.add(id));
        });
        created.addAll(ids);
        r.print("pipe creations to reach " + target + " pipes");
        return r.ok;
    }

    private void memory(BrokerProcess broker, int pipes) throws IOException {
        long rssKb = 0;
        for (String l : Files.readAllLines(Path.of("/proc/" + broker.pid() + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                rssKb = Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        line(String.format(Locale.ROOT, "| resident memory of the broker JVM with %,d pipes | %,d MiB (embedded PostgreSQL runs in its own processes) |",
                pipes, rssKb / 1024));
        // with -XX:NativeMemoryTracking=summary in BENCH_JVM: where that memory goes
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (Files.isExecutable(jcmd)) {
            try {
                Process p = new ProcessBuilder(jcmd.toString(), Long.toString(broker.pid()), "VM.native_memory", "summary")
                        .redirectErrorStream(true).redirectOutput(Path.of("target", "bench-native-memory.txt").toFile())
                        .start();
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the broker uses under 5 % of one core over two seconds (at most 20 minutes). */
    private void awaitIdle(BrokerProcess broker, long since, String sinceWhat) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        long ticksPerSecond = 100; // USER_HZ on Linux
        long before = cpuTicks(broker);
        while (System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            long now = cpuTicks(broker);
            if (now - before < ticksPerSecond * 2 / 20) {
                line(String.format(Locale.ROOT, "| broker idle again (processors caught up) | %.1f s %s |",
                        (System.nanoTime() - since) / 1e9, sinceWhat));
                return;
            }
            before = now;
        }
        line("| broker idle again | not within 20 minutes; rebuild measured while it was still busy |");
    }

    private static long cpuTicks(BrokerProcess broker) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + broker.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }

    private void rebuild(BrokerProcess broker) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(broker, "POST", "/admin/read-models/rebuild", null,
                Duration.ofMinutes(30));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(response.body());
        line(String.format(Locale.ROOT, "| rebuild of all read models | %,d events in %,d ms (%,.0f events/s), %,d live pipes |",
                report.path("events").asLong(), millis, report.path("events").asLong() * 1000.0 / Math.max(1, millis),
                report.path("pipes").asLong()));
    }

    private void propagation(BrokerProcess provider, BrokerProcess consumer) throws Exception {
        // one pipe pair for latency, driven by PATCH /backend ("the platform changed")
        pair(provider, consumer, "backend", "solo");
        int rate = Integer.getInteger("bench.propagation-rate", 100);
        int warmup = Integer.getInteger("bench.propagation-warmup", 40);
        // the same load twice: from cold JVMs (what a broker shows in its first seconds), then measured
        // again once the JIT compilers have done their work (what it shows for the rest of its life)
        if (warmup > 0) {
            latency(provider, consumer, rate, warmup, "c", "first " + warmup + " s from cold JVMs");
        }
        latency(provider, consumer, rate, 20, "v", warmup > 0 ? "after " + warmup + " s at that rate" : "cold JVMs");

        // sustained propagations: many pipes of one resource, each PATCH /bulk fans out to all of them
        int fan = 100;
        for (int i = 0; i < fan; i++) {
            pair(provider, consumer, "bulk", "b" + i);
        }
        long before = delivered(provider);
        int rounds = Integer.getInteger("bench.propagation-rounds", 300);
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            send(provider, "PATCH", "/bulk", "{\"data\":{\"R\":\"" + i + "\"}}");
        }
        double sendSecs = (System.nanoTime() - start) / 1e9;
        // done when every consumer pipe shows the last round (earlier rounds may be overtaken: only the
        // newest version of an end has to arrive)
        String last = String.valueOf(rounds - 1);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        int arrived = 0;
        while (System.nanoTime() < deadline) {
            arrived = 0;
            for (JsonNode pipe : JSON.readTree(send(consumer, "GET", "/frontend/pipes", null).body())) {
                if (last.equals(pipe.path("other").path("data").path("R").asText())) {
                    arrived++;
                }
            }
            if (arrived == fan) {
                break;
            }
            Thread.sleep(50);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long deliveries = delivered(provider) - before;
        line(String.format(Locale.ROOT, "| PATCH /{resource} fanned out to %d pipes, %d times (sent in %.1f s) | all %d peers show the last round after %.1f s: %,.0f pipe updates/s conveyed; %,d deliveries made (%,.0f/s; superseded versions are not sent) |",
                fan, rounds, sendSecs, arrived, secs, (double) fan * rounds / secs, deliveries, deliveries / secs));
    }

    /** {@code seconds} of PATCH /backend at {@code rate}, values tagged {@code tag}; one line of figures. */
    private void latency(BrokerProcess provider, BrokerProcess consumer, int rate, int seconds, String tag,
                         String when) throws Exception {
        Histogram latency = new Histogram(3);
        int updates = seconds * rate;
        // PATCHes go out at the rate from a small pool; one observer polls the consumer's view and
        // stamps every update it shows (an update overtaken by a newer one counts as seen with it),
        // so the measurement adds one reader, not one per update in flight
        long[] sentAt = new long[updates];
        java.util.Arrays.fill(sentAt, -1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger seenUpTo = new AtomicInteger(-1);
        Thread observer = new Thread(() -> {
            try {
                while (seenUpTo.get() < updates - 1 && !Thread.currentThread().isInterrupted()) {
                    JsonNode pipe = JSON.readTree(send(consumer, "GET", "/frontend/pipes/solo", null).body());
                    long now = System.nanoTime();
                    String seen = pipe.path("other").path("data").path("URI").asText("");
                    int k = seen.startsWith("https://" + tag) ? Integer.parseInt(seen.replaceAll("\\D", "")) : -1;
                    for (int i = seenUpTo.get() + 1; i <= k; i++) {
                        long sent;
                        synchronized (sentAt) {
                            sent = sentAt[i];
                        }
                        if (sent > 0) {
                            synchronized (latency) {
                                latency.recordValue((now - sent) / 1_000);
                            }
                        }
                    }
                    seenUpTo.accumulateAndGet(k, Math::max);
                }
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }, "propagation-observer");
        observer.start();
        long t0 = System.nanoTime();
        for (int i = 0; i < updates; i++) {
            long due = t0 + i * (1_000_000_000L / rate);
            while (System.nanoTime() < due) {
                Thread.sleep(0, 200_000);
            }
            int n = i;
            pool.submit(() -> {
                synchronized (sentAt) {
                    sentAt[n] = System.nanoTime();
                }
                send(provider, "PATCH", "/backend", "{\"data\":{\"URI\":\"https://" + tag + n + ".example\"}}");
                return null;
            });
        }
        observer.join(TimeUnit.MINUTES.toMillis(2));
        observer.interrupt();
        int late = updates - 1 - seenUpTo.get();
        line(String.format(Locale.ROOT, "| PATCH /{resource} on the provider → consumer read model shows the new other.data, at %d updates/s, %s | p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d updates, %,d not seen 2 min after the last was sent) |",
                rate, when, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                latency.getMaxValue() / 1000.0, updates, late));
        pool.shutdownNow();
    }

    private void pair(BrokerProcess provider, BrokerProcess consumer, String resource, String id) throws Exception {
        String consumerPipe = consumer.rootUrl() + "/frontend/pipes/" + id;
        String providerPipe = provider.rootUrl() + "/" + resource + "/pipes/" + id;
        assertThat(send(consumer, "POST", "/frontend/pipes", "{\"id\":\"" + id + "\",\"other\":{\"uri\":\""
                + providerPipe + "\",\"issuer\":\"" + provider.rootUrl() + "\"}}").statusCode()).isEqualTo(201);
        assertThat(send(provider, "POST", "/" + resource + "/pipes", "{\"id\":\"" + id
                + "\",\"this\":{\"data\":{\"URI\":\"https://start.example\"}},\"other\":{\"uri\":\"" + consumerPipe
                + "\",\"issuer\":\"" + consumer.rootUrl() + "\"}}").statusCode()).isEqualTo(201);
    }

    private long delivered(BrokerProcess broker) throws Exception {
        HttpResponse<String> r = send(broker, "GET",
                "/actuator/metrics/junction.propagation.delivery?tag=outcome:delivered", null);
        if (r.statusCode() != 200) {
            return 0;
        }
        for (JsonNode m : JSON.readTree(r.body()).path("measurements")) {
            if ("COUNT".equals(m.path("statistic").asText())) {
                return m.path("value").asLong();
            }
        }
        return 0;
    }

    // ---- load generation ---------------------------------------------------------------------

    private record Call(String method, String path, String body, int expected, Runnable onSuccess) {
    }

    private final class Result {
        final long ok;
        final long failed;
        final Histogram latency;
        final double seconds;

        Result(long ok, long failed, Histogram latency, double seconds) {
            this.ok = ok;
            this.failed = failed;
            this.latency = latency;
            this.seconds = seconds;
        }

        void print(String what) {
            line(String.format(Locale.ROOT, "| %s | %,.0f/s over %.0f s (%,d ok, %,d failed); latency p50 %.2f ms, p99 %.2f ms, max %.1f ms |",
                    what, ok / seconds, seconds, ok, failed, latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0));
        }
    }

    private Result load(BrokerProcess broker, Duration duration, IntFunction<Call> calls) throws Exception {
        return run(broker, duration.toNanos(), Long.MAX_VALUE, calls);
    }

    private Result loadCount(BrokerProcess broker, long count, IntFunction<Call> calls) throws Exception {
        return run(broker, TimeUnit.HOURS.toNanos(1), count, calls);
    }

    private Result run(BrokerProcess broker, long nanos, long count, IntFunction<Call> calls) throws Exception {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong issued = new AtomicLong();
        Histogram all = new Histogram(3);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        long end = start + nanos;
        List<Future<Histogram>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            workers.add(pool.submit(() -> {
                Histogram h = new Histogram(3);
                while (System.nanoTime() < end && issued.incrementAndGet() <= count) {
                    Call call = calls.apply(client);
                    long t = System.nanoTime();
                    HttpResponse<String> r = send(broker, call.method(), call.path(), call.body());
                    h.recordValue((System.nanoTime() - t) / 1_000);
                    if (r.statusCode() == call.expected()) {
                        ok.incrementAndGet();
                        if (call.onSuccess() != null) {
                            call.onSuccess().run();
                        }
                    } else {
                        failed.incrementAndGet();
                    }
                }
                return h;
            }));
        }
        for (Future<Histogram> w : workers) {
            all.add(w.get());
        }
        pool.shutdown();
        return new Result(ok.get(), failed.get(), all, (System.nanoTime() - start) / 1e9);
    }

    private HttpResponse<String> send(BrokerProcess broker, String method, String path, String body)
            throws IOException, InterruptedException {
        return send(broker, method, path, body, Duration.ofSeconds(60));
    }

    private HttpResponse<String> send(BrokerProcess broker, String method, String path, String body,
                                      Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(broker.rootUrl() + path))
                .timeout(timeout).header("Authorization", AUTH);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }
}
