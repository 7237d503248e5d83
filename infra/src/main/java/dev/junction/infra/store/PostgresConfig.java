package dev.junction.infra.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.infra.config.JunctionProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The event store's database: an external PostgreSQL when {@code junction.postgres.url} is set,
 * otherwise an embedded PostgreSQL whose data lives under {@code <data-dir>/postgres}.
 */
@Configuration(proxyBeanMethods = false)
public class PostgresConfig {

    private static final Logger log = LoggerFactory.getLogger(PostgresConfig.class);

    /** Holds the embedded server, if one runs, so that it stops with the application. */
    public static final class EmbeddedPostgresServer implements AutoCloseable {
        private final EmbeddedPostgres postgres;

        EmbeddedPostgresServer(EmbeddedPostgres postgres) {
            this.postgres = postgres;
        }

        public int port() {
            return postgres == null ? -1 : postgres.getPort();
        }

        @Override
        public void close() throws IOException {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(JunctionProperties properties) throws IOException {
        if (properties.postgres().url() != null && !properties.postgres().url().isBlank()) {
            return new EmbeddedPostgresServer(null);
        }
        Path dir = properties.dataDir().resolve("postgres").toAbsolutePath();
        Files.createDirectories(dir);
        stopLeftOver(dir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                // stopped by this bean's close, after Axon's processors have stored their tokens; the library's
                // own JVM shutdown hook would stop it while Spring's hook is still shutting Axon down
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "100")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("shared_buffers", "128MB")
                .start();
        log.info("embedded PostgreSQL started on 127.0.0.1:{} with data in {}", postgres.getPort(), dir);
        return new EmbeddedPostgresServer(postgres);
    }

    /**
     * A broker that was killed (SIGKILL, a crash) leaves its embedded PostgreSQL running, and the next
     * start on the same data directory would wait for a server that cannot start. When no live broker
     * holds the directory's lock and its {@code postmaster.pid} names a running postgres of this
     * directory, that server is a left-over: it is stopped (PostgreSQL's smart shutdown) before ours starts.
     */
    static void stopLeftOver(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Path lock = dir.resolve("epg-lock");
        if (Files.exists(lock)) {
            try (FileChannel channel = FileChannel.open(lock,
                    StandardOpenOption.WRITE);
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

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(JunctionProperties properties, EmbeddedPostgresServer embedded) {
        HikariConfig config = new HikariConfig();
        if (embedded.port() > 0) {
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + embedded.port() + "/postgres");
            config.setUsername("postgres");
        } else {
            config.setJdbcUrl(properties.postgres().url());
            config.setUsername(properties.postgres().username());
            config.setPassword(properties.postgres().password());
        }
        config.setPoolName("junction-events");
        config.setMaximumPoolSize(properties.postgres().poolSizeOrDefault());
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }
}
