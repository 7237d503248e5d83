package dev.junction.infra.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
 * @param oidc      the broker as an OIDC issuer, and how it checks its peers' tokens
 * @param peers     outgoing calls to peer brokers
 * @param propagation retries of peer propagation
 */
@ConfigurationProperties("junction")
public record JunctionProperties(Path dataDir, String rootUrl, Path resources, Path templates, Auth auth,
                                 Postgres postgres, Mongo mongo, Commands commands, Oidc oidc, Peers peers,
                                 Propagation propagation) {

    public JunctionProperties {
        dataDir = dataDir == null ? Path.of("var") : dataDir;
        auth = auth == null ? new Auth(null, null) : auth;
        postgres = postgres == null ? new Postgres(null, null, null, 0) : postgres;
        mongo = mongo == null ? new Mongo(null, null) : mongo;
        commands = commands == null ? new Commands(0, null) : commands;
        oidc = oidc == null ? new Oidc(null, null, null, null) : oidc;
        peers = peers == null ? new Peers(null, null, null) : peers;
        propagation = propagation == null ? new Propagation(null, 0, null, 0) : propagation;
    }

    /**
     * @param masterKey      base64 of 32 bytes that encrypt the signing keys at rest; when unset, a key is
     *                       created in {@code <data-dir>/keys/master.key} (readable by its owner only)
     * @param tokenTtl       lifetime of the tokens this broker signs (default 5 minutes)
     * @param rotationPeriod how long a signing key signs before the next replaces it (default 1 day)
     * @param clockSkew      tolerance on exp/nbf/iat of incoming tokens (default 60 s)
     */
    public record Oidc(String masterKey, Duration tokenTtl, Duration rotationPeriod, Duration clockSkew) {
        public Oidc {
            tokenTtl = tokenTtl == null ? Duration.ofMinutes(5) : tokenTtl;
            rotationPeriod = rotationPeriod == null ? Duration.ofDays(1) : rotationPeriod;
            clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
        }
    }

    /**
     * @param allowedHosts   when not empty, the only hosts this broker calls (propagation, discovery)
     * @param connectTimeout connect timeout of a peer call (default 2 s)
     * @param readTimeout    time allowed for a peer's answer (default 5 s)
     */
    public record Peers(List<String> allowedHosts, Duration connectTimeout, Duration readTimeout) {
        public Peers {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofSeconds(5) : readTimeout;
        }
    }

    /** Back-off of propagation retries: 1 s doubling to a 32 s cap, 10 attempts, unless set. */
    public record Propagation(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts) {
        public Propagation {
            initialDelay = initialDelay == null ? Duration.ofSeconds(1) : initialDelay;
            multiplier = multiplier <= 0 ? 2.0 : multiplier;
            maxDelay = maxDelay == null ? Duration.ofSeconds(32) : maxDelay;
            maxAttempts = maxAttempts <= 0 ? 10 : maxAttempts;
        }
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

    /**
     * {@code threads}: command handler threads (32); {@code cachedAggregates}: how many recently used
     * aggregates stay in memory, so a command does not replay their events first (10,000; 0 turns
     * the cache off).
     */
    public record Commands(int threads, Integer cachedAggregates) {
        public int threadsOrDefault() {
            return threads > 0 ? threads : 32;
        }

        public int cachedAggregatesOrDefault() {
            return cachedAggregates == null ? 10_000 : Math.max(0, cachedAggregates);
        }
    }
}
