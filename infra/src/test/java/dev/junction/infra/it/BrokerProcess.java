package dev.junction.infra.it;

import dev.junction.api.testing.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One Junction broker running as a separate OS process from the packaged jar:
 * {@code java -jar junction.jar --server.port=P --junction.resources=R --junction.data-dir=D
 * --junction.auth.username=foo --junction.auth.password=bar}. Its output goes to
 * {@code target/it-logs/<name>-<n>.log} (one file per start).
 *
 * <p>{@link #launch} starts it without waiting, {@link #awaitReady} polls
 * {@code /actuator/health/readiness} until it answers {@code UP}, {@link #restart} stops it and
 * starts it again on the same port and data directory, {@link #crash} kills it without warning,
 * {@link #startAgain} starts a stopped or crashed broker again, {@link #close} stops it for good.
 * Only the processes this class started are ever signalled: the JVM it forked and, when that JVM
 * is killed, the embedded PostgreSQL it started (which pg_ctl detaches from the JVM; it is found
 * by the {@code postmaster.pid} of this broker's own data directory).
 */
public final class BrokerProcess implements AutoCloseable {

    public static final String USERNAME = "foo";
    public static final String PASSWORD = "bar";

    /** How long a start may take; the machine's cores are shared, so this is generous. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(
            Long.getLong("junction.it.ready-timeout-seconds", 180));
    /** More than Spring's graceful shutdown phase (30 s) plus the closing of the embedded databases. */
    static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 80;

    private final String name;
    private final Path jar;
    private final Path resources;
    private final Path dataDir;
    private final Path logDir;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private int port;
    private int starts;
    private boolean wasReady;
    private Process process;
    private Path logFile;
    private Thread shutdownHook;

    private BrokerProcess(String name, Path jar, Path resources, Path dataDir, Path logDir, int port) {
        this.name = name;
        this.jar = jar;
        this.resources = resources;
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.port = port;
    }

    /** The jar under test, as failsafe passes it ({@code -Djunction.jar}). */
    public static Path jar() {
        String jar = System.getProperty("junction.jar");
        if (jar == null) {
            throw new IllegalStateException("system property junction.jar is not set; run the ITs with maven verify");
        }
        Path path = Path.of(jar).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " does not exist; package the infra module first");
        }
        return path;
    }

    /** A resources file of docs/examples, as failsafe passes their folder ({@code -Djunction.examples}). */
    public static Path example(String file) {
        String dir = System.getProperty("junction.examples");
        if (dir == null) {
            throw new IllegalStateException("system property junction.examples is not set; run the ITs with maven verify");
        }
        Path path = Path.of(dir).resolve(file).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " does not exist");
        }
        return path;
    }

    /**
     * Starts a broker on a free port with a fresh data directory, without waiting for it to be
     * ready; call {@link #awaitReady()} next (launching several first lets them boot together).
     */
    public static BrokerProcess launch(String name, Path resources, String... extraArgs) {
        Path jar = jar();
        Path target = jar.getParent();
        try {
            Path dataRoot = Files.createDirectories(target.resolve("it-data"));
            Path dataDir = Files.createTempDirectory(dataRoot, name + "-");
            Path logDir = Files.createDirectories(target.resolve("it-logs"));
            BrokerProcess broker = new BrokerProcess(name, jar, resources.toAbsolutePath(), dataDir, logDir,
                    FreePorts.port());
            broker.extraArgs = List.of(extraArgs);
            broker.jvmArgs = JVM_ARGS.get() != null ? JVM_ARGS.get()
                    // C1 only and a serial collector: the brokers start faster and leave more of the shared CPUs to others
                    : System.getProperty("junction.it.jvm-args", "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
            broker.spawn();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #launch}, with the JVM started with {@code jvmArgs} (kept across restarts) instead of
     * the {@code junction.it.jvm-args} every other broker gets.
     */
    public static BrokerProcess launchWithJvm(String name, Path resources, String jvmArgs, String... extraArgs) {
        JVM_ARGS.set(jvmArgs);
        try {
            return launch(name, resources, extraArgs);
        } finally {
            JVM_ARGS.remove();
        }
    }

    /** The JVM arguments of the broker being launched, when not the default ones. */
    private static final ThreadLocal<String> JVM_ARGS = new ThreadLocal<>();

    /** Starts a broker and waits until it is ready. */
    public static BrokerProcess start(String name, Path resources, String... extraArgs) {
        BrokerProcess broker = launch(name, resources, extraArgs);
        try {
            broker.awaitReady();
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** The broker's ROOT_URL: it sets no junction.root-url, so the default http://localhost:PORT. */
    public String rootUrl() {
        return "http://localhost:" + port;
    }

    public URI uri(String path) {
        return URI.create(rootUrl() + path);
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** More application arguments ({@code --name=value}), kept across restarts. */
    private List<String> extraArgs = List.of();
    /** The JVM's options, kept across restarts. */
    private String jvmArgs = "";

    private void spawn() throws IOException {
        starts++;
        logFile = logDir.resolve(name + "-" + starts + ".log");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(javaBin.toString());
        if (!jvmArgs.isBlank()) {
            command.addAll(List.of(jvmArgs.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port,
                "--junction.resources=" + resources,
                "--junction.data-dir=" + dataDir,
                "--junction.auth.username=" + USERNAME,
                "--junction.auth.password=" + PASSWORD,
                // tests only ever talk to loopback: peers elsewhere are refused before any lookup
                "--junction.peers.allowed-hosts=localhost,127.0.0.1"));
        command.addAll(extraArgs);
        Files.writeString(logFile, "# " + String.join(" ", command) + System.lineSeparator());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // The broker reads JUNCTION_* variables too; make sure none leaks in from the caller's environment.
        builder.environment().keySet().removeIf(k -> k.startsWith("JUNCTION_") || k.startsWith("SPRING_"));
        // as `make run` starts it: few malloc arenas keep the native heap of a many-threaded JVM small
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        process = builder.start();
        // Should the test JVM exit without closing this broker, stop it (and its PostgreSQL) anyway.
        shutdownHook = new Thread(this::stop, "stop-broker-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Polls {@code GET /actuator/health/readiness} until it answers 200 with status UP; fails, with
     * the log's tail, when the process exits first or {@link #READY_TIMEOUT} passes.
     */
    public void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer yet";
        int portRetries = 2;
        while (true) {
            if (!process.isAlive()) {
                if (!wasReady && portRetries-- > 0 && logMentions("already in use")) {
                    // another process took the free port before this broker bound it: take another one
                    System.err.println("port " + port + " of broker " + name + " was taken; retrying on another port");
                    process = null;
                    removeShutdownHook();
                    try {
                        port = FreePorts.port();
                        spawn();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    continue;
                }
                throw new AssertionError("broker " + name + " exited with code " + process.exitValue()
                        + " before it was ready\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                // The log line proves the answer came from this process, not from another one on the same port.
                if (response.statusCode() == 200 && response.body().replace(" ", "").startsWith("{\"status\":\"UP\"")
                        && logMentions("Netty started on port " + port + " ")) {
                    wasReady = true;
                    return;
                }
            } catch (ConnectException e) {
                last = "connection refused";
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for broker " + name, e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("broker " + name + " on port " + port + " was not ready within "
                        + READY_TIMEOUT.toSeconds() + " s (last readiness answer: " + last + ")\n" + logTail());
            }
            sleep(Duration.ofMillis(250));
        }
    }

    /**
     * Stops the broker cleanly (SIGTERM; an AssertionError if it has to be killed) and starts it again
     * on the same port and data directory, then waits until it is ready.
     */
    public void restart() {
        if (!stop()) {
            // a killed broker would make this a crash test, not a restart test
            throw new AssertionError("broker " + name + " did not stop cleanly on SIGTERM\n" + logTail());
        }
        startAgain();
    }

    /** Starts the stopped (or crashed) broker again on the same port and data directory and waits until it is ready. */
    public void startAgain() {
        if (process != null) {
            throw new IllegalStateException("broker " + name + " is still running (pid " + process.pid() + ")");
        }
        try {
            spawn();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    /**
     * SIGKILL to the broker's JVM alone (an operator's {@code kill -9}, the OOM killer): its embedded
     * PostgreSQL, started through pg_ctl, goes on running. Answers that PostgreSQL's pid.
     */
    public long killLeavingPostgres() {
        if (process == null) {
            throw new IllegalStateException("broker " + name + " is not running");
        }
        Process killed = process;
        try {
            long postgres = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
                    .get(0).trim());
            killed.destroyForcibly();
            if (!waitFor(killed, Duration.ofSeconds(30))) {
                throw new AssertionError("broker " + name + " (pid " + killed.pid() + ") survived SIGKILL");
            }
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            process = null;
            removeShutdownHook();
        }
    }

    /**
     * Simulates a crash of the whole host (or container): SIGKILL to the broker's JVM and to its
     * embedded PostgreSQL, with no chance to flush or close anything.
     */
    public void crash() {
        if (process == null) {
            throw new IllegalStateException("broker " + name + " is not running");
        }
        Process crashing = process;
        try {
            crashing.destroyForcibly();
            if (!waitFor(crashing, Duration.ofSeconds(30))) {
                throw new AssertionError("broker " + name + " (pid " + crashing.pid() + ") survived SIGKILL");
            }
            killPostgres(true);
        } finally {
            process = null;
            removeShutdownHook();
        }
    }

    /**
     * Stops the broker: SIGTERM (Spring's graceful shutdown, up to 30 s for requests in flight, then
     * the embedded databases are closed), then, after {@link #STOP_GRACE}, SIGKILL, and then the
     * embedded PostgreSQL left orphaned by that kill.
     *
     * @return true when the broker exited on SIGTERM, false when it had to be killed (or was not running)
     */
    public synchronized boolean stop() {
        if (process == null) {
            return false;
        }
        Process stopping = process;
        long started = System.nanoTime();
        try {
            stopping.destroy();
            if (waitFor(stopping, STOP_GRACE)) {
                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                if (seconds >= 10) {
                    System.err.println("broker " + name + " took " + seconds + " s to stop on SIGTERM");
                }
                return true;
            }
            System.err.println("broker " + name + " (pid " + stopping.pid() + ") did not stop within "
                    + STOP_GRACE.toSeconds() + " s of SIGTERM: killing it");
            stopping.destroyForcibly();
            waitFor(stopping, Duration.ofSeconds(10));
            killPostgres(false);
            return false;
        } finally {
            process = null;
            removeShutdownHook();
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down; the hook runs anyway
            }
            shutdownHook = null;
        }
    }

    private boolean logMentions(String text) {
        try {
            return logFile != null && Files.readString(logFile, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the broker and, unless {@code -Djunction.it.keep-data=true}, deletes its data directory (the logs stay). */
    @Override
    public void close() {
        stop();
        if (!Boolean.getBoolean("junction.it.keep-data")) {
            deleteRecursively(dataDir);
        }
    }

    /**
     * The embedded PostgreSQL is started through pg_ctl, so it is not a child of the broker's JVM and
     * outlives a SIGKILL of it. Its pid is the first line of {@code postmaster.pid} in this broker's
     * data directory; it is signalled, with its own children, only if its command line names that
     * directory. {@code abruptly}: SIGKILL at once, as in a crash; otherwise SIGTERM first.
     */
    private void killPostgres(boolean abruptly) {
        Path pgData = dataDir.resolve("postgres");
        Path pidFile = pgData.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Optional<ProcessHandle> found = ProcessHandle.of(pid);
            if (found.isEmpty() || !found.get().info().commandLine()
                    .map(c -> c.contains(pgData.toString())).orElse(false)) {
                return;
            }
            ProcessHandle postmaster = found.get();
            List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
            all.add(0, postmaster);
            if (!abruptly) {
                System.err.println("stopping the embedded PostgreSQL (pid " + pid + ") left by broker " + name);
                postmaster.destroy();
                if (awaitExit(all, Duration.ofSeconds(10))) {
                    return;
                }
            }
            all.forEach(ProcessHandle::destroyForcibly);
            if (!awaitExit(all, Duration.ofSeconds(10))) {
                System.err.println("the embedded PostgreSQL of broker " + name + " (pid " + pid + ") is still running");
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("could not check for an orphaned PostgreSQL of broker " + name + ": " + e);
        }
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Duration.ofMillis(100));
        }
        return true;
    }

    /** The last lines of the current log file, for failure messages. */
    public String logTail() {
        if (logFile == null || !Files.exists(logFile)) {
            return "(no log)";
        }
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            int from = Math.max(0, lines.size() - LOG_TAIL_LINES);
            return "---- last " + (lines.size() - from) + " lines of " + logFile + " ----\n"
                    + String.join("\n", lines.subList(from, lines.size())) + "\n---- end of log ----";
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + logFile + ": " + e + ")";
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: target/ is cleaned by mvn clean anyway
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "broker " + name + " at " + rootUrl() + " (data " + dataDir + ", log " + logFile + ")";
    }
}
