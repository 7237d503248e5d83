package dev.junction.infra.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.infra.store.EmbeddedPostgresServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;

/**
 * The event store's database: an external PostgreSQL when {@code junction.postgres.url} is set,
 * otherwise an embedded PostgreSQL whose data lives under {@code <data-dir>/postgres}.
 */
@Configuration(proxyBeanMethods = false)
public class PostgresConfig {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(JunctionProperties properties) throws IOException {
        JunctionProperties.Postgres postgres = properties.postgres();
        if (postgres.url() != null && !postgres.url().isBlank()) {
            return EmbeddedPostgresServer.none();
        }
        return EmbeddedPostgresServer.start(properties.dataDir().resolve("postgres").toAbsolutePath(),
                postgres.embeddedMaxConnections(), postgres.embeddedSharedBuffers());
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
        config.setMaximumPoolSize(properties.postgres().poolSize());
        config.setAutoCommit(true);
        return new HikariDataSource(config);
    }
}
