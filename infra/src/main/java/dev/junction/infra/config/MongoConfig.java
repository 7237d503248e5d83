package dev.junction.infra.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import dev.junction.infra.store.EmbeddedMongoBackend;
import dev.junction.infra.store.ReadModelSeal;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The read models' database: an external MongoDB when {@code junction.mongo.uri} is set, otherwise
 * an in-process MongoDB-wire server (mongo-java-server with its H2 MVStore backend) keeping its data
 * in {@code <data-dir>/mongo/readmodels.mv}. It speaks the wire protocol on loopback, so the code path
 * is the same driver and protocol as against a real mongod.
 */
@Configuration(proxyBeanMethods = false)
public class MongoConfig {

    private static final Logger log = LoggerFactory.getLogger(MongoConfig.class);

    /** Holds the embedded server, if one runs. */
    public static final class EmbeddedMongoServer implements AutoCloseable {
        private final MongoServer server;
        private final String connectionString;

        EmbeddedMongoServer(MongoServer server, String connectionString) {
            this.server = server;
            this.connectionString = connectionString;
        }

        @Override
        public void close() {
            if (server != null) {
                server.shutdown();
            }
        }
    }

    /** Created before, and so closed after, the read models' database: see {@link ReadModelSeal}. */
    @Bean(destroyMethod = "close")
    ReadModelSeal readModelSeal(JunctionProperties properties) throws IOException {
        return new ReadModelSeal(properties.dataDir().toAbsolutePath());
    }

    @Bean(destroyMethod = "close")
    @DependsOn("readModelSeal")
    EmbeddedMongoServer embeddedMongoServer(JunctionProperties properties) throws IOException {
        String uri = properties.mongo().uri();
        if (uri != null && !uri.isBlank()) {
            return new EmbeddedMongoServer(null, uri);
        }
        Path dir = properties.dataDir().resolve("mongo").toAbsolutePath();
        Files.createDirectories(dir);
        MongoServer server = new MongoServer(new EmbeddedMongoBackend(dir.resolve("readmodels.mv").toString()));
        server.bind("127.0.0.1", 0);
        InetSocketAddress address = server.getLocalAddress();
        log.info("embedded MongoDB-wire server started on 127.0.0.1:{} with data in {}", address.getPort(), dir);
        return new EmbeddedMongoServer(server, "mongodb://127.0.0.1:" + address.getPort());
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(EmbeddedMongoServer server, JunctionProperties properties) {
        JunctionProperties.Mongo mongo = properties.mongo();
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString))
                .applyToSocketSettings(s -> s.connectTimeout((int) mongo.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout((int) mongo.readTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(mongo.serverSelectionTimeout().toMillis(),
                        TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(p -> p.maxSize(mongo.poolSize()))
                .build());
    }

    @Bean
    MongoDatabase mongoDatabase(MongoClient client, JunctionProperties properties) {
        return client.getDatabase(properties.mongo().database());
    }

    @Bean("mongo")
    HealthIndicator mongoHealthIndicator(MongoDatabase database) {
        return new AbstractHealthIndicator("MongoDB health check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                Document result = database.runCommand(new Document("ping", 1));
                builder.up().withDetail("database", database.getName()).withDetail("ping", result.get("ok"));
            }
        };
    }
}
