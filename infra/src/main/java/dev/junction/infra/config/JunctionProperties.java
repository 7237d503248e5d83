package dev.junction.infra.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Junction's settings ({@code junction.*}), each overridable by flag or environment variable
 * ({@code --junction.data-dir=...}, {@code JUNCTION_DATA_DIR=...}).
 *
 * @param dataDir   where the embedded PostgreSQL and MongoDB keep their data
 * @param rootUrl   the broker's public root URL; defaults to {@code http://localhost:PORT}
 * @param resources the YAML file declaring the resources this broker manages
 * @param templates an optional JSON file with more proto and adapter templates
 * @param auth      the credentials users present with HTTP Basic
 * @param postgres  an external PostgreSQL; the embedded one is used when {@code url} is empty
 * @param mongo     an external MongoDB; the embedded one is used when {@code uri} is empty
 * @param commands  the command executor
 */
@ConfigurationProperties("junction")
public record JunctionProperties(Path dataDir, String rootUrl, Path resources, Path templates, Auth auth,
                                 Postgres postgres, Mongo mongo, Commands commands) {

    public JunctionProperties {
        dataDir = dataDir == null ? Path.of("var") : dataDir;
        auth = auth == null ? new Auth(null, null) : auth;
        postgres = postgres == null ? new Postgres(null, null, null, 0) : postgres;
        mongo = mongo == null ? new Mongo(null, null) : mongo;
        commands = commands == null ? new Commands(0) : commands;
    }

    public record Auth(String username, String password) {
    }

    public record Postgres(String url, String username, String password, int poolSize) {
        public int poolSizeOrDefault() {
            return poolSize > 0 ? poolSize : 24;
        }
    }

    public record Mongo(String uri, String database) {
        public String databaseOrDefault() {
            return database == null || database.isBlank() ? "junction" : database;
        }
    }

    public record Commands(int threads) {
        public int threadsOrDefault() {
            return threads > 0 ? threads : 32;
        }
    }
}
