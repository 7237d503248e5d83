package dev.junction.infra.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.infra.container.TestImages;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real database as a platform gets it from Junction: the {@code postgresql} plan on a PostgreSQL server
 * on loopback (the backend's configuration names it), provisioned, bound, used with the bound credentials,
 * unbound and deprovisioned over OSB through a broker process.
 */
class PostgresqlServiceIT {

    static final String SERVICE = "svc-pg";
    static EmbeddedPostgres server;
    static BrokerProcess broker;
    static OsbClient osb;

    @BeforeAll
    static void start() throws Exception {
        TestImages.ensure("postgresql-backend");
        TestImages.ensure("postgresql-stencil");
        server = EmbeddedPostgres.builder().start();
        Path catalog = Files.createTempFile("services", ".yaml");
        Files.writeString(catalog, """
                backends:
                  - name: pg
                    image: "junction/postgresql-backend:dev"
                    network: host
                    config: {host: 127.0.0.1, port: %d, username: postgres, password: unused}
                services:
                  - id: svc-pg
                    name: postgresql
                    plans:
                      - {id: shared, name: shared, stencil: "junction/postgresql-stencil:dev", backend: pg}
                """.formatted(server.getPort()));
        broker = BrokerProcess.start("postgresql-service", BrokerProcess.example("demo.yaml"),
                "--junction.instances.catalog=" + catalog);
        osb = new OsbClient(broker);
        osb.await("/v2/catalog", r -> r.status() == 200 && r.json().path("services").size() == 1, Duration.ofSeconds(90));
        osb.await("/b/backends", r -> r.raw().body().contains("READY"), Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBoundDatabaseTakesARowAndIsGoneAfterDeprovision() throws Exception {
        String id = UUID.randomUUID().toString();
        String path = "/v2/service_instances/" + id;
        Map<String, String> plan = Map.of("service_id", SERVICE, "plan_id", "shared");
        succeeded(path, osb.put(path + "?accepts_incomplete=true", plan));

        String binding = path + "/service_bindings/app";
        succeeded(binding, osb.put(binding + "?accepts_incomplete=true", plan));
        JsonNode credentials = osb.get(binding).json().path("credentials");
        String database = credentials.path("database").asText();
        String user = credentials.path("username").asText();
        String password = credentials.path("password").asText();
        assertThat(credentials.path("uri").asText()).startsWith("postgresql://" + user + ":");
        String url = "jdbc:postgresql://127.0.0.1:" + credentials.path("port").asText() + "/" + database;
        try (Connection c = DriverManager.getConnection(url, user, password); var statement = c.createStatement()) {
            statement.execute("CREATE TABLE notes (text varchar(20))");
            statement.execute("INSERT INTO notes VALUES ('hello')");
            try (ResultSet rs = statement.executeQuery("SELECT current_user, text FROM notes")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(user);
                assertThat(rs.getString(2)).isEqualTo("hello");
            }
        }

        succeeded(binding, osb.delete(binding + "?accepts_incomplete=true&service_id=" + SERVICE + "&plan_id=shared"));
        assertThatThrownBy(() -> DriverManager.getConnection(url, user, password).close())
                .as("the unbound role can no longer log in").isInstanceOf(SQLException.class);

        succeeded(path, osb.delete(path + "?accepts_incomplete=true&service_id=" + SERVICE + "&plan_id=shared"));
        try (Connection admin = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres", "postgres", "");
             var statement = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).as("the database is dropped").isFalse();
            }
        }
    }

    /** The operation the answer started ran to its end: succeeded, or (a deprovision, an unbind) gone. */
    private static void succeeded(String path, OsbClient.Response accepted) {
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        OsbClient.Response done = osb.awaitOperation(path, accepted.json().path("operation").asText(),
                Duration.ofSeconds(90));
        assertThat(done.status() == 410 || "succeeded".equals(done.json().path("state").asText()))
                .as(done + "\n" + broker.logTail()).isTrue();
    }
}
