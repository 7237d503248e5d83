package dev.junction.infra.container;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Docker runtime against the real engine, with the probe image (its argument is a shell command). */
class DockerContainerRuntimeIT {

    static DockerContainerRuntime runtime;
    static String probe;

    @BeforeAll
    static void engine() {
        probe = TestImages.ensure("probe");
        runtime = new DockerContainerRuntime(null, 64 * 1024);
    }

    @AfterAll
    static void close() throws Exception {
        runtime.close();
    }

    static ContainerSpec spec(String command) {
        return spec(command, Map.of(), List.of(), null, Duration.ofSeconds(30), Map.of());
    }

    static ContainerSpec spec(String command, Map<String, String> env, List<ContainerSpec.Mount> mounts, byte[] stdin,
                              Duration timeout, Map<String, String> labels) {
        return new ContainerSpec(probe, command, env, mounts, Map.of("/tweed/home", 1L << 20), stdin,
                ContainerSpec.Network.NONE, 64L << 20, 32, true, timeout, labels);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void passesTheArgumentAndTheEnvironmentAndReportsTheExitCode() {
        ContainerResult result = runtime.run(spec("echo \"$GREETING\"; exit 7", Map.of("GREETING", "hello"),
                List.of(), null, Duration.ofSeconds(30), Map.of()), ContainerRuntime.LogSink.NONE);
        assertThat(text(result.stdout())).isEqualTo("hello\n");
        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void separatesStdoutFromStderrAndInterleavesTheLogAndFeedsTheSink() {
        ByteArrayOutputStream followed = new ByteArrayOutputStream();
        ContainerResult result = runtime.run(spec("echo one; sleep 0.3; echo two >&2; sleep 0.3; echo three"),
                (chunk, stderr) -> followed.writeBytes(chunk));
        assertThat(text(result.stdout())).isEqualTo("one\nthree\n");
        assertThat(text(result.stderr())).isEqualTo("two\n");
        assertThat(text(result.log())).isEqualTo("one\ntwo\nthree\n");
        assertThat(followed.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree\n");
        assertThat(result.succeeded()).isTrue();
    }

    @Test
    void feedsStdinOnceAndClosesIt() {
        ContainerResult fed = runtime.run(spec("cat; echo end", Map.of(), List.of(),
                "{\"region\":\"north\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30), Map.of()),
                ContainerRuntime.LogSink.NONE);
        assertThat(text(fed.stdout())).isEqualTo("{\"region\":\"north\"}end\n");
        ContainerResult closed = runtime.run(spec("cat; echo end"), ContainerRuntime.LogSink.NONE);
        assertThat(text(closed.stdout())).isEqualTo("end\n");
        assertThat(closed.timedOut()).isFalse();
    }

    @Test
    void mountsReadOnlyAndReadWrite(@TempDir Path dir) throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path rw = Files.createDirectory(dir.resolve("rw"));
        Files.writeString(ro.resolve("given"), "input");
        ContainerResult result = runtime.run(spec("cat /tweed/ro/given; echo; "
                        + "if echo x > /tweed/ro/new; then echo ro-writable; fi; echo out > /tweed/rw/new && echo rw-ok",
                Map.of(), List.of(new ContainerSpec.Mount(ro, "/tweed/ro", true),
                        new ContainerSpec.Mount(rw, "/tweed/rw", false)), null, Duration.ofSeconds(30), Map.of()),
                ContainerRuntime.LogSink.NONE);
        assertThat(text(result.stdout())).isEqualTo("input\nrw-ok\n");
        assertThat(text(result.stderr())).contains("Read-only file system");
        assertThat(ro.resolve("new")).doesNotExist();
        assertThat(rw.resolve("new")).hasContent("out");
    }

    @Test
    void killsAtTheDeadlineAndRemovesTheContainer() {
        Map<String, String> labels = Map.of("dev.junction.test", UUID.randomUUID().toString());
        runtime.run(spec("true"), ContainerRuntime.LogSink.NONE);
        int threads = Thread.activeCount();
        long start = System.nanoTime();
        ContainerResult result = runtime.run(spec("echo started; sleep 600", Map.of(), List.of(), null,
                Duration.ofSeconds(2), labels), ContainerRuntime.LogSink.NONE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(text(result.stdout())).isEqualTo("started\n");
        assertThat(runtime.find(labels)).isEmpty();
        // no stream or wait thread is left behind by the killed run
        long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (Thread.activeCount() > threads && System.nanoTime() < settle) {
            Thread.onSpinWait();
        }
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads);
    }

    @Test
    void capsTheOutputAndSaysSo() throws Exception {
        try (DockerContainerRuntime small = new DockerContainerRuntime(null, 1000)) {
            ContainerResult result = small.run(spec("head -c 5000 /dev/zero | tr '\\0' a; echo e >&2"),
                    ContainerRuntime.LogSink.NONE);
            assertThat(result.stdout()).hasSize(1000);
            assertThat(text(result.stderr())).isEqualTo("e\n");
            assertThat(result.log()).hasSize(1000);
            assertThat(result.truncated()).isTrue();
        }
        ContainerResult whole = runtime.run(spec("echo small"), ContainerRuntime.LogSink.NONE);
        assertThat(whole.truncated()).isFalse();
    }

    @Test
    void appliesTheLimitsAndLocksTheContainerDown() {
        ContainerResult result = runtime.run(spec(
                "cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null; "
                        + "cat /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes /sys/fs/cgroup/memory.swap.max 2>/dev/null; "
                        + "cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids/pids.max 2>/dev/null; "
                        + "ls /sys/class/net | sed s/^/net:/; grep -E 'CapEff|NoNewPrivs' /proc/self/status; "
                        + "touch /root-file || echo root-ro; echo h > $HOME/x 2>/dev/null || echo no-home; "
                        + "head -c 2000000 /dev/zero > /tweed/home/big || echo home-full"),
                ContainerRuntime.LogSink.NONE);
        String out = text(result.stdout());
        assertThat(out).contains(Long.toString(64L << 20)).contains("\n32\n").contains("root-ro")
                .contains("home-full").contains("CapEff:\t0000000000000000").contains("NoNewPrivs:\t1");
        assertThat(out.lines().filter(l -> l.startsWith("net:"))).containsExactly("net:lo");
        // memory-swap equal to memory: the v1 memsw limit is the memory limit, v2 swap.max is 0
        assertThat(out).satisfiesAnyOf(o -> assertThat(o).containsPattern("(?m)^" + (64L << 20) + "\n" + (64L << 20)),
                o -> assertThat(o).containsPattern("(?m)^0$"));
    }

    @Test
    void findsAndAwaitsAContainerLeftRunningAndOneThatExited() throws Exception {
        String mark = UUID.randomUUID().toString();
        String running = docker("run", "-d", "--network", "none", "--label", "dev.junction.test=" + mark,
                "--label", "dev.junction.kind=running", probe, "echo before; sleep 2; echo after >&2; exit 4");
        String exited = docker("run", "-d", "--network", "none", "--label", "dev.junction.test=" + mark,
                "--label", "dev.junction.kind=exited", probe, "echo finished; exit 5");
        docker("wait", exited);
        assertThat(runtime.find(Map.of("dev.junction.test", mark))).hasSize(2);
        assertThat(runtime.find(Map.of("dev.junction.test", mark, "dev.junction.kind", "running")))
                .singleElement().satisfies(id -> assertThat(running).startsWith(id.substring(0, 12)));

        ContainerResult awaited = runtime.await(running, Duration.ofSeconds(30), ContainerRuntime.LogSink.NONE);
        assertThat(awaited.exitCode()).isEqualTo(4);
        assertThat(text(awaited.stdout())).isEqualTo("before\n");
        assertThat(text(awaited.stderr())).isEqualTo("after\n");
        ContainerResult done = runtime.await(exited, Duration.ofSeconds(30), ContainerRuntime.LogSink.NONE);
        assertThat(done.exitCode()).isEqualTo(5);
        assertThat(text(done.log())).isEqualTo("finished\n");
        assertThat(runtime.find(Map.of("dev.junction.test", mark))).isEmpty();
    }

    @Test
    void namesAMissingImageAndAnEngineThatDoesNotAnswer() throws Exception {
        ContainerSpec missing = new ContainerSpec("junction/no-such-image:dev", "metadata", Map.of(), List.of(),
                Map.of(), null, ContainerSpec.Network.NONE, 0, 0, false, Duration.ofSeconds(5), Map.of());
        assertThatThrownBy(() -> runtime.run(missing, ContainerRuntime.LogSink.NONE))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("junction/no-such-image:dev");
        assertThat(runtime.available()).isTrue();
        try (DockerContainerRuntime nowhere = new DockerContainerRuntime("unix:///nonexistent/docker.sock", 1000)) {
            assertThat(nowhere.available()).isFalse();
            assertThatThrownBy(() -> nowhere.run(spec("true"), ContainerRuntime.LogSink.NONE))
                    .isInstanceOf(ContainerEngineException.class).hasMessageContaining("/nonexistent/docker.sock");
        }
    }

    static String docker(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
