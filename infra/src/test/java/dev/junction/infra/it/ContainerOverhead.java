package dev.junction.infra.it;

import dev.junction.infra.container.ContainerResult;
import dev.junction.infra.container.ContainerRuntime;
import dev.junction.infra.container.ContainerSpec;
import dev.junction.infra.container.ContainerSpec.Mount;
import dev.junction.infra.container.DockerContainerRuntime;
import dev.junction.infra.container.TestImages;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What Junction's container runtime adds to the engine: the same image and operation run through
 * {@link DockerContainerRuntime} in this JVM, as a {@code docker run --rm} process with the same limits and
 * options, and as a bare {@code docker run --rm --network none} with only what the operation needs. The
 * three are interleaved, their order turning each round, so drift of the shared machine hits all alike.
 * Then what the engine delivers with many containers at a time, through the runtime and through the CLI.
 */
final class ContainerOverhead {

    private static final int WARMUPS = 3;
    private static final long OUTPUT_CAP = 1 << 20;
    private static final String HOME = "/tweed/home";

    private final int runs;
    private final Consumer<String> line;

    ContainerOverhead(int runs, Consumer<String> line) {
        this.runs = runs;
        this.line = line;
    }

    void measure() throws Exception {
        String image = TestImages.ensure("dummy-stencil");
        Path dir = Files.createTempDirectory("junction-bench-containers");
        Path credstore = Files.createDirectories(dir.resolve("credstore"));
        Path outputs = Files.createDirectories(dir.resolve("outputs"));
        Path inputs = Files.writeString(dir.resolve("inputs.json"), "{\"size\":\"large\"}");
        Map<String, String> labels = Map.of("dev.junction.instance", "bench", "dev.junction.task", "1",
                "dev.junction.step", "stencil", "dev.junction.attempt", "1");
        ContainerSpec metadata = new ContainerSpec(image, "metadata", Map.of("HOME", HOME), List.of(),
                Map.of(HOME, 16L << 20), null, ContainerSpec.Network.NONE, 128L << 20, 64, true,
                Duration.ofSeconds(60), Map.of());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", HOME);
        env.put("INFRASTRUCTURE", "kubernetes");
        env.put("CREDSTORE", "/tweed/credstore");
        env.put("INPUTS", "/tweed/inputs.json");
        env.put("OUTPUTS", "/tweed/outputs");
        ContainerSpec provision = new ContainerSpec(image, "provision", env,
                List.of(new Mount(credstore, "/tweed/credstore", false), new Mount(inputs, "/tweed/inputs.json", true),
                        new Mount(outputs, "/tweed/outputs", false)),
                Map.of(HOME, 64L << 20), null, ContainerSpec.Network.NONE, 256L << 20, 256, true,
                Duration.ofSeconds(60), labels);
        try (DockerContainerRuntime runtime = new DockerContainerRuntime(null, OUTPUT_CAP)) {
            compare(runtime, metadata, "`dummy-stencil metadata`");
            compare(runtime, provision, "`dummy-stencil provision`, 3 bind mounts, labels");
            throughput(runtime, metadata, Integer.getInteger("bench.instances-clients", 10), Duration.ofSeconds(15));
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void compare(DockerContainerRuntime runtime, ContainerSpec spec, String what) throws Exception {
        List<String> same = cli(spec, true);
        List<String> bare = cli(spec, false);
        long[][] nanos = new long[3][runs];
        for (int round = 0; round < WARMUPS + runs; round++) {
            for (int k = 0; k < 3; k++) {
                int variant = (round + k) % 3;
                long start = System.nanoTime();
                switch (variant) {
                    case 0 -> junction(runtime, spec);
                    case 1 -> process(same);
                    default -> process(bare);
                }
                long took = System.nanoTime() - start;
                if (round >= WARMUPS) {
                    nanos[variant][round - WARMUPS] = took;
                }
            }
        }
        double junction = Stats.percentile(nanos[0], 50) / 1e6;
        double cli = Stats.percentile(nanos[1], 50) / 1e6;
        double cliBare = Stats.percentile(nanos[2], 50) / 1e6;
        line.accept(String.format(Locale.ROOT,
                "| one container, %s, %d runs each after %d warm-ups, interleaved | Junction's runtime: median %.0f ms (p90 %.0f); "
                        + "`docker run --rm` with the same options: median %.0f ms (p90 %.0f); bare `docker run --rm --network none`: "
                        + "median %.0f ms (p90 %.0f); **ratio %.2f×** to the same options, %.2f× to bare |",
                what, runs, WARMUPS, junction, Stats.percentile(nanos[0], 90) / 1e6, cli,
                Stats.percentile(nanos[1], 90) / 1e6, cliBare, Stats.percentile(nanos[2], 90) / 1e6,
                junction / cli, junction / cliBare));
    }

    /**
     * What the engine delivers with {@code clients} containers at a time, without a broker: {@code clients} loops
     * of the runtime in this JVM, then as many loops of the {@code docker} CLI, each for {@code duration}.
     */
    private void throughput(DockerContainerRuntime runtime, ContainerSpec spec, int clients, Duration duration)
            throws Exception {
        List<String> same = cli(spec, true);
        double viaRuntime = loops(clients, duration, () -> junction(runtime, spec));
        double viaCli = loops(clients, duration, () -> {
            try {
                process(same);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        line.accept(String.format(Locale.ROOT,
                "| containers at a time, no broker: %d loops of `dummy-stencil metadata` for %d s each | Junction's runtime **%.1f containers/s**; "
                        + "`docker run --rm` with the same options %.1f containers/s |",
                clients, duration.toSeconds(), viaRuntime, viaCli));
    }

    private static double loops(int clients, Duration duration, Runnable run) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    run.run();
                    done.incrementAndGet();
                }
            }));
        }
        for (java.util.concurrent.Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void junction(ContainerRuntime runtime, ContainerSpec spec) {
        ContainerResult result = runtime.run(spec, ContainerRuntime.LogSink.NONE);
        if (!result.succeeded()) {
            throw new AssertionError(spec.argument() + " through the runtime exited " + result.exitCode() + ": "
                    + new String(result.log(), StandardCharsets.UTF_8));
        }
    }

    private static void process(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ": "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    /** The {@code docker run} of a spec: with the runtime's own options ({@code same}), or only what it needs. */
    private static List<String> cli(ContainerSpec spec, boolean same) {
        List<String> c = new ArrayList<>(List.of("docker", "run", "--rm", "--network", "none"));
        if (same) {
            long logMax = Math.max(OUTPUT_CAP * 3, 1 << 20);
            c.addAll(List.of("--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--read-only",
                    "--log-driver", "json-file", "--log-opt", "max-size=" + logMax, "--log-opt", "max-file=1",
                    "--memory", Long.toString(spec.memoryBytes()), "--memory-swap", Long.toString(spec.memoryBytes()),
                    "--pids-limit", Long.toString(spec.pids())));
            spec.tmpfs().forEach((path, size) -> c.addAll(List.of("--tmpfs", path + ":rw,nosuid,nodev,size=" + size)));
            spec.labels().forEach((k, v) -> c.addAll(List.of("--label", k + "=" + v)));
        }
        spec.env().forEach((k, v) -> c.addAll(List.of("-e", k + "=" + v)));
        for (Mount m : spec.mounts()) {
            c.addAll(List.of("-v", m.hostPath().toAbsolutePath() + ":" + m.containerPath() + (m.readOnly() ? ":ro" : "")));
        }
        c.add(spec.image());
        c.add(spec.argument());
        return c;
    }
}
