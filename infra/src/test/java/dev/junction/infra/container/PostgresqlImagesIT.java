package dev.junction.infra.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PostgreSQL backend and stencil driven through the runtime by hand (mounts and environment as the
 * contracts give them) against a real PostgreSQL on loopback.
 */
class PostgresqlImagesIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedPostgres postgres;
    static DockerContainerRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        runtime = new DockerContainerRuntime(null, 256 * 1024);
    }

    @AfterAll
    static void stop() throws Exception {
        runtime.close();
        postgres.close();
    }

    static ContainerResult run(String image, String operation, Map<String, String> env,
                               List<ContainerSpec.Mount> mounts, byte[] stdin) {
        Map<String, String> all = new HashMap<>(env);
        all.put("HOME", "/tweed/home");
        ContainerResult result = runtime.run(new ContainerSpec(image, operation, all, mounts,
                Map.of("/tweed/home", 8L << 20), stdin, ContainerSpec.Network.HOST, 128L << 20, 64, true,
                Duration.ofSeconds(60), Map.of()), ContainerRuntime.LogSink.NONE);
        assertThat(result.exitCode()).as(operation + ": " + new String(result.log(), StandardCharsets.UTF_8)).isZero();
        return result;
    }

    static ContainerSpec.Mount mount(Path host, String at, boolean readOnly) {
        return new ContainerSpec.Mount(host, at, readOnly);
    }

    Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", "");
    }

    boolean exists(String sql, String name) throws SQLException {
        try (Connection c = admin(); var statement = c.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Test
    void provisionsBindsUnbindsAndDeprovisionsADatabase(@TempDir Path dir) throws Exception {
        String backend = TestImages.ensure("postgresql-backend");
        String stencil = TestImages.ensure("postgresql-stencil");

        Path config = Files.createDirectory(dir.resolve("config"));
        Path setupOut = Files.createDirectory(dir.resolve("setup"));
        byte[] admin = ("{\"host\":\"127.0.0.1\",\"port\":" + postgres.getPort()
                + ",\"username\":\"postgres\",\"password\":\"unused\"}").getBytes(StandardCharsets.UTF_8);
        run(backend, "configure", Map.of("OUT_CONFIG", "/tweed/out"), List.of(mount(config, "/tweed/out", false)), admin);
        run(backend, "check", Map.of("IN_CONFIG", "/tweed/in"), List.of(mount(config, "/tweed/in", true)), null);
        ContainerResult setup = run(backend, "setup", Map.of("IN_CONFIG", "/tweed/in", "OUT_CONFIG", "/tweed/out"),
                List.of(mount(config, "/tweed/in", true), mount(setupOut, "/tweed/out", false)), null);
        Map<String, String> pg = ContractYaml.parseStringMap(setup.stdout(), "setup output");
        assertThat(pg).containsEntry("PGHOST", "127.0.0.1").containsEntry("PGPORT", Integer.toString(postgres.getPort()))
                .containsEntry("PGUSER", "postgres").containsKey("PGPASSWORD");

        Path inputs = Files.writeString(dir.resolve("inputs.json"), "{\"encoding\":\"UTF8\"}");
        Path outputs = Files.createDirectory(dir.resolve("outputs"));
        Map<String, String> env = new HashMap<>(pg);
        env.putAll(Map.of("INFRASTRUCTURE", "docker", "CREDSTORE", "/tweed/credstore", "INPUTS", "/tweed/inputs.json",
                "OUTPUTS", "/tweed/outputs"));
        try (LimitedDirectory credstore = LimitedDirectory.create(dir.resolve("credstore"), 1L << 20)) {
            ContainerResult provision = run(stencil, "provision", env, List.of(
                    mount(credstore.path(), "/tweed/credstore", false), mount(inputs, "/tweed/inputs.json", true),
                    mount(outputs, "/tweed/outputs", false)), null);
            assertThat(new String(provision.stderr(), StandardCharsets.UTF_8))
                    .contains("contract-env provision: HOME INFRASTRUCTURE CREDSTORE INPUTS OUTPUTS PGHOST");
            String database = Files.readString(credstore.path().resolve("database")).trim();
            assertThat(database).matches("db_[0-9a-f]{16}");
            assertThat(exists("SELECT 1 FROM pg_database WHERE datname = ?", database)).isTrue();

            List<ContainerSpec.Mount> readOnly = List.of(mount(credstore.path(), "/tweed/credstore", true));
            ObjectNode binding = ContractYaml.parseMap(run(stencil, "bind", env, readOnly, null).stdout(), "bind output");
            String user = binding.get("username").asText();
            assertThat(binding.get("database").asText()).isEqualTo(database);
            assertThat(binding.get("uri").asText()).startsWith("postgresql://" + user + ":");
            String url = "jdbc:postgresql://" + binding.get("host").asText() + ":" + binding.get("port").asText() + "/"
                    + database;
            try (Connection c = DriverManager.getConnection(url, user, binding.get("password").asText());
                 var statement = c.createStatement()) {
                statement.execute("CREATE TABLE notes (text varchar(20))");
                statement.execute("INSERT INTO notes VALUES ('hello')");
                try (ResultSet rs = statement.executeQuery("SELECT current_user, text FROM notes")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(user);
                    assertThat(rs.getString(2)).isEqualTo("hello");
                }
            }

            Path bindingFile = Files.write(dir.resolve("binding.json"), JSON.writeValueAsBytes(binding));
            run(stencil, "unbind", Map.of("CREDSTORE", "/tweed/credstore", "BINDING", "/tweed/binding.json",
                    "PGHOST", pg.get("PGHOST"), "PGPORT", pg.get("PGPORT"), "PGUSER", pg.get("PGUSER")),
                    List.of(readOnly.get(0), mount(bindingFile, "/tweed/binding.json", true)), null);
            assertThat(exists("SELECT 1 FROM pg_roles WHERE rolname = ?", user)).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(url, user, binding.get("password").asText()).close())
                    .isInstanceOf(SQLException.class);

            run(stencil, "bind", env, readOnly, null);
            run(stencil, "deprovision", env, readOnly, null);
            assertThat(exists("SELECT 1 FROM pg_database WHERE datname = ?", database)).isFalse();
            assertThat(exists("SELECT 1 FROM pg_roles WHERE rolname LIKE ?", database + "%")).isFalse();
        }
    }
}
