package dev.junction.infra.container;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract test images behave as other tests rely on: well-behaved ones keep the contract, the rest break it. */
class ContractTestImagesIT {

    static DockerContainerRuntime runtime;

    @BeforeAll
    static void engine() {
        runtime = new DockerContainerRuntime(null, 64 * 1024);
    }

    @AfterAll
    static void close() throws Exception {
        runtime.close();
    }

    static ContainerResult run(String image, String operation, Map<String, String> env,
                               List<ContainerSpec.Mount> mounts, byte[] stdin, Duration timeout) {
        Map<String, String> all = new HashMap<>(env);
        all.put("HOME", "/tweed/home");
        return runtime.run(new ContainerSpec(TestImages.ensure(image), operation, all, mounts,
                Map.of("/tweed/home", 1L << 20), stdin, ContainerSpec.Network.NONE, 64L << 20, 32, true, timeout,
                Map.of()), ContainerRuntime.LogSink.NONE);
    }

    static ContainerResult run(String image, String operation, Map<String, String> env, List<ContainerSpec.Mount> mounts) {
        return run(image, operation, env, mounts, null, Duration.ofSeconds(30));
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static ContainerSpec.Mount mount(Path host, String at, boolean readOnly) {
        return new ContainerSpec.Mount(host, at, readOnly);
    }

    @Test
    void theDummyStencilGoesThroughItsLife(@TempDir Path dir) throws Exception {
        Path credstore = Files.createDirectory(dir.resolve("credstore"));
        Path outputs = Files.createDirectory(dir.resolve("outputs"));
        Path inputs = Files.writeString(dir.resolve("inputs.json"), "{\"size\": \"large\"}");
        Map<String, String> env = Map.of("INFRASTRUCTURE", "docker", "CREDSTORE", "/tweed/credstore",
                "INPUTS", "/tweed/inputs.json", "OUTPUTS", "/tweed/outputs");
        ContainerResult provision = run("dummy-stencil", "provision", env, List.of(mount(credstore, "/tweed/credstore", false),
                mount(inputs, "/tweed/inputs.json", true), mount(outputs, "/tweed/outputs", false)));
        assertThat(provision.exitCode()).isZero();
        assertThat(text(provision.stderr())).isEqualTo("contract-env provision: HOME INFRASTRUCTURE CREDSTORE INPUTS OUTPUTS\n");
        assertThat(outputs.resolve("instance.txt")).hasContent("size=large");
        String secret = Files.readString(credstore.resolve("root.password"));
        assertThat(secret).matches("[0-9a-f]{32}");

        List<ContainerSpec.Mount> readOnly = List.of(mount(credstore, "/tweed/credstore", true));
        ContainerResult bind = run("dummy-stencil", "bind", Map.of("CREDSTORE", "/tweed/credstore"), readOnly);
        var credentials = ContractYaml.parseMap(bind.stdout(), "bind output");
        assertThat(credentials.get("username").asText()).isEqualTo("dummy");
        assertThat(credentials.get("password").asText()).isEqualTo(sha256(secret).substring(0, 32));

        Path binding = Files.writeString(dir.resolve("binding.json"), credentials.toString());
        assertThat(run("dummy-stencil", "unbind", Map.of("BINDING", "/tweed/binding.json", "CREDSTORE", "/tweed/credstore"),
                List.of(readOnly.get(0), mount(binding, "/tweed/binding.json", true))).exitCode()).isZero();
        assertThat(run("dummy-stencil", "deprovision", Map.of("CREDSTORE", "/tweed/credstore"), readOnly).exitCode()).isZero();
    }

    @Test
    void theLocalBackendKeepsItsConfigurationAndSetsUp(@TempDir Path dir) throws Exception {
        Path config = Files.createDirectory(dir.resolve("config"));
        Path setup = Files.createDirectory(dir.resolve("setup"));
        ContainerResult configure = run("local-backend", "configure", Map.of("OUT_CONFIG", "/tweed/out"),
                List.of(mount(config, "/tweed/out", false)), "{\"region\":\"north\"}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30));
        assertThat(configure.exitCode()).isZero();
        assertThat(config.resolve("config.json")).hasContent("{\"region\":\"north\"}");
        Map<String, String> in = Map.of("IN_CONFIG", "/tweed/in");
        assertThat(run("local-backend", "check", in, List.of(mount(config, "/tweed/in", true))).exitCode()).isZero();
        assertThat(run("local-backend", "check", in, List.of(mount(setup, "/tweed/in", true))).exitCode()).isEqualTo(1);
        ContainerResult set = run("local-backend", "setup", Map.of("IN_CONFIG", "/tweed/in", "OUT_CONFIG", "/tweed/out"),
                List.of(mount(config, "/tweed/in", true), mount(setup, "/tweed/out", false)));
        assertThat(ContractYaml.parseStringMap(set.stdout(), "setup output")).containsExactly(Map.entry("LOCAL_BACKEND", "yes"));
        assertThat(setup.resolve("setup.marker")).exists();
        assertThat(run("local-backend", "teardown", in, List.of(mount(setup, "/tweed/in", true))).exitCode()).isZero();
    }

    @Test
    void theBrokenImagesBreakTheContractAsAdvertised(@TempDir Path dir) throws Exception {
        assertThat(run("fail-stencil", "provision", Map.of(), List.of()).exitCode()).isEqualTo(3);
        assertThat(run("fail-stencil", "bind", Map.of(), List.of()).exitCode()).isEqualTo(3);
        ContainerResult bind = run("badyaml-stencil", "bind", Map.of(), List.of());
        assertThat(bind.exitCode()).isZero();
        assertThatThrownBy(() -> ContractYaml.parseMap(bind.stdout(), "bind output"))
                .isInstanceOf(ContractYaml.ContractYamlException.class);
        ContainerResult hang = run("hang-stencil", "provision", Map.of(), List.of(), null, Duration.ofSeconds(2));
        assertThat(hang.timedOut()).isTrue();

        Path config = Files.createDirectory(dir.resolve("setup"));
        List<ContainerSpec.Mount> out = List.of(mount(config, "/tweed/out", false));
        List<ContainerSpec.Mount> in = List.of(mount(config, "/tweed/in", true));
        assertThat(run("flaky-backend", "setup", Map.of("OUT_CONFIG", "/tweed/out"), out).exitCode()).isZero();
        assertThat(run("flaky-backend", "teardown", Map.of("IN_CONFIG", "/tweed/in"), in).exitCode()).isEqualTo(1);
        Thread.sleep(3_200);
        assertThat(run("flaky-backend", "teardown", Map.of("IN_CONFIG", "/tweed/in"), in).exitCode()).isZero();
    }

    static String sha256(String text) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest);
    }
}
