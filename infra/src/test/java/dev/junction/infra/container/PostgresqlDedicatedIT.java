package dev.junction.infra.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * The dedicated PostgreSQL stencil on the docker infrastructure: it starts a server container through the
 * engine (its socket mounted as DOCKER_HOST), binds with password authentication, and removes it all again.
 */
class PostgresqlDedicatedIT {

    static DockerContainerRuntime runtime;
    static final Path SOCKET = Path.of("/var/run/docker.sock");

    @BeforeAll
    static void engine() {
        TestImages.ensure("postgres-server");
        runtime = new DockerContainerRuntime(null, 256 * 1024);
    }

    @AfterAll
    static void close() throws Exception {
        runtime.close();
    }

    static ContainerResult run(String operation, Map<String, String> env, List<ContainerSpec.Mount> mounts) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(Map.of("HOME", "/tweed/home", "INFRASTRUCTURE", "docker", "CREDSTORE", "/tweed/credstore",
                "DOCKER_HOST", "unix:///tweed/docker.sock"));
        ContainerResult result = runtime.run(new ContainerSpec(TestImages.ensure("postgresql-dedicated-stencil"),
                operation, all, mounts, Map.of("/tweed/home", 8L << 20), null, ContainerSpec.Network.HOST, 256L << 20,
                128, true, Duration.ofSeconds(120), Map.of()), ContainerRuntime.LogSink.NONE);
        assertThat(result.exitCode()).as(operation + ": " + new String(result.log(), StandardCharsets.UTF_8)).isZero();
        return result;
    }

    static ContainerSpec.Mount mount(Path host, String at, boolean readOnly) {
        return new ContainerSpec.Mount(host, at, readOnly);
    }

    @Test
    void startsAServerPerInstanceBindsAndRemovesIt(@TempDir Path dir) throws Exception {
        ContainerSpec.Mount socket = mount(SOCKET, "/tweed/docker.sock", false);
        try (LimitedDirectory credstore = LimitedDirectory.create(dir.resolve("credstore"), 1L << 20)) {
            run("provision", Map.of(), List.of(socket, mount(credstore.path(), "/tweed/credstore", false)));
            String server = Files.readString(credstore.path().resolve("container")).trim();
            assertThat(server).matches("junction-pg-[0-9a-f]{12}");
            assertThat(DockerContainerRuntimeIT.docker("ps", "-q", "--filter", "name=^" + server + "$")).isNotEmpty();

            List<ContainerSpec.Mount> readOnly = List.of(socket, mount(credstore.path(), "/tweed/credstore", true));
            ObjectNode binding = ContractYaml.parseMap(run("bind", Map.of(), readOnly).stdout(), "bind output");
            String url = "jdbc:postgresql://127.0.0.1:" + binding.get("port").asText() + "/" + binding.get("database").asText();
            String user = binding.get("username").asText();
            try (Connection c = DriverManager.getConnection(url, user, binding.get("password").asText());
                 var statement = c.createStatement()) {
                statement.execute("CREATE TABLE notes (text varchar(20))");
                statement.execute("INSERT INTO notes VALUES ('hello')");
                try (ResultSet rs = statement.executeQuery("SELECT text FROM notes")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("hello");
                }
            }
            // the server checks passwords
            assertThatThrownBy(() -> DriverManager.getConnection(url, user, "wrong").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");

            Path bindingFile = Files.writeString(dir.resolve("binding.json"), binding.toString());
            run("unbind", Map.of("BINDING", "/tweed/binding.json"),
                    List.of(socket, readOnly.get(1), mount(bindingFile, "/tweed/binding.json", true)));
            assertThatThrownBy(() -> DriverManager.getConnection(url, user, binding.get("password").asText()).close())
                    .isInstanceOf(SQLException.class);

            run("deprovision", Map.of(), readOnly);
            assertThat(DockerContainerRuntimeIT.docker("ps", "-aq", "--filter", "name=^" + server + "$")).isEmpty();
            assertThat(DockerContainerRuntimeIT.docker("volume", "ls", "-q", "--filter", "name=^" + server + "$")).isEmpty();
        }
    }
}
