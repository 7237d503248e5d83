package dev.junction.infra.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The embedded PostgreSQL of a broker without {@code junction.postgres.url}, if one runs; closing it stops it. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** No embedded server: the broker uses an external PostgreSQL. */
    public static EmbeddedPostgresServer none() {
        return new EmbeddedPostgresServer(null);
    }

    /** Starts a server on {@code dir} (durable commits), after stopping one a killed broker left running there. */
    public static EmbeddedPostgresServer start(Path dir, int maxConnections, String sharedBuffers) throws IOException {
        Files.createDirectories(dir);
        stopLeftOver(dir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                // stopped by close, after Axon's processors have stored their tokens; the library's own JVM
                // shutdown hook would stop it while Spring's hook is still shutting Axon down
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", String.valueOf(maxConnections))
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("shared_buffers", sharedBuffers)
                .start();
        log.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {}", postgres.getPort(), dir);
        return new EmbeddedPostgresServer(postgres);
    }

    /** The server's port on loopback, or -1 when none runs. */
    public int port() {
        return postgres == null ? -1 : postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /**
     * A broker that was killed (SIGKILL, a crash) leaves its embedded PostgreSQL running, and the next
     * start on the same data directory would wait for a server that cannot start. When no live broker
     * holds the directory's lock and its {@code postmaster.pid} names a running postgres of this
     * directory, that server is a left-over: it is stopped (PostgreSQL's smart shutdown) before ours starts.
     */
    private static void stopLeftOver(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Path lock = dir.resolve("epg-lock");
        if (Files.exists(lock)) {
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
                 FileLock held = channel.tryLock()) {
                if (held == null) {
                    throw new IllegalStateException("the data directory " + dir.getParent()
                            + " is in use by another running broker; give each broker a data directory of its own");
                }
            }
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !lines.get(0).trim().matches("\\d+")) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).trim());
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !Path.of(lines.get(1).trim()).equals(dir)
                || !process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
            return; // gone, or another process reuses the number: PostgreSQL clears a stale pid file itself
        }
        log.warn("stopping the embedded PostgreSQL (pid {}) that a broker stopped without shutting down left "
                + "running on {}", pid, dir);
        process.get().destroy();
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the PostgreSQL left running on " + dir + " (pid " + pid
                    + ") did not stop within 30 s; stop it and start again", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for the PostgreSQL left running on " + dir + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the PostgreSQL left running on " + dir + " stopped", e);
        }
    }
}
