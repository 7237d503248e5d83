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
import java.nio.file.Path;

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
