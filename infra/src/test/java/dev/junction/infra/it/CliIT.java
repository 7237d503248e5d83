package dev.junction.infra.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.infra.container.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code junction} command as an operator runs it: {@code bin/junction} as a process, from a directory
 * of its own, against a broker process whose catalog runs the test images on the real engine.
 */
class CliIT {

    static BrokerProcess broker;
    static OsbClient osb;
    static Path script;
    static Path workDir;

    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return OsbClient.JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        Stream.of("dummy-stencil", "local-backend", "fail-stencil").forEach(TestImages::ensure);
        Path catalog = Files.createTempFile("services", ".yaml");
        Files.writeString(catalog, """
                backends:
                  - {name: local, image: "junction/local-backend:dev"}
                services:
                  - id: svc-cli
                    name: dummy
                    bindable: true
                    plans:
                      - {id: plan-small, name: small, stencil: "junction/dummy-stencil:dev", backend: local, limit: 5}
                      - {id: plan-failing, name: failing, stencil: "junction/fail-stencil:dev", backend: local}
                """);
        broker = BrokerProcess.start("cli", BrokerProcess.example("demo.yaml"), "--junction.instances.catalog=" + catalog);
        osb = new OsbClient(broker);
        osb.await("/v2/catalog", r -> r.status() == 200 && r.json().path("services").path(0).path("plans").size() == 2,
                Duration.ofSeconds(90));
        // the script beside the jar's project: <project>/bin/junction for <project>/infra/target/junction.jar
        script = BrokerProcess.jar().getParent().getParent().getParent().resolve("bin").resolve("junction");
        workDir = Files.createTempDirectory("cli-");
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anInstanceFromProvisionToPurge() {
        Result catalog = junction("catalog");
        assertThat(catalog.code()).as(catalog.toString()).isZero();
        assertThat(catalog.out()).containsPattern("dummy +small +svc-cli +plan-small +yes +0 +5");

        Result provision = junction("provision", "dummy/small", "--as", "cli-i1", "-P", "size=large", "--wait");
        assertThat(provision.code()).as(provision.toString()).isZero();
        assertThat(provision.out()).isEqualTo("instance cli-i1: provision succeeded (task-1)\n");
        assertThat(provision.err()).as("no progress line when stderr is not a terminal").isEmpty();
        assertThat(osb.get("/v2/service_instances/cli-i1").json().path("parameters").path("size").asText()).isEqualTo("large");

        Result instances = junction("instances");
        assertThat(instances.out()).containsPattern("cli-i1 +dummy +small +\\S+ +provision task-1 succeeded");
        assertThat(junction("catalog", "--json").json().path("plans").path(0).path("instances").asInt()).isEqualTo(1);

        Result bind = junction("bind", "cli-i1", "--as", "cli-b1", "--wait");
        assertThat(bind.code()).as(bind.toString()).isZero();
        assertThat(bind.out()).startsWith("binding cli-b1 of instance cli-i1: bind succeeded (task-2)\ncredentials:\n")
                .contains("  username: dummy\n").containsPattern("  password: [0-9a-f]{32}\n").contains("  port: 1234\n");
        JsonNode bindJson = junction("bind", "cli-i1", "--as", "cli-b1", "--json").json();
        assertThat(bindJson.path("state").asText()).as("an identical bind, done").isEqualTo("succeeded");
        assertThat(bindJson.path("credentials").path("username").asText()).isEqualTo("dummy");

        Result instance = junction("instance", "cli-i1");
        assertThat(instance.out()).contains("state:          ").contains("files:          instance.txt")
                .containsPattern("cli-b1 +\\S+ +bind task-2 succeeded");
        Result tasks = junction("tasks", "cli-i1");
        assertThat(tasks.out()).containsPattern("1 +provision +- +succeeded .* setup:0 stencil:0 teardown:0")
                .containsPattern("2 +bind +cli-b1 +succeeded");
        assertThat(junction("instance", "cli-i1", "--json").json().path("bindings").path(0).path("id").asText())
                .isEqualTo("cli-b1");

        Result logs = junction("logs", "cli-i1", "1");
        assertThat(logs.code()).as(logs.toString()).isZero();
        assertThat(logs.out()).contains("provisioned a large dummy");
        assertThat(junction("logs", "cli-i1").out()).as("the latest task: the bind").contains("bind: deriving credentials");
        assertThat(junction("logs", "cli-i1", "task-1", "--follow").out()).as("a finished task, followed")
                .contains("provisioned a large dummy");

        assertThat(junction("files", "cli-i1").out()).isEqualTo("files of task 1:\nNAME\ninstance.txt\n");
        assertThat(junction("files", "cli-i1", "instance.txt").out()).isEqualTo("size=large\n");

        Result unbind = junction("unbind", "cli-i1", "cli-b1", "--wait");
        assertThat(unbind.code()).as(unbind.toString()).isZero();
        assertThat(unbind.out()).isEqualTo("binding cli-b1 of instance cli-i1: unbind succeeded (task-3)\n");
        assertThat(junction("unbind", "cli-i1", "cli-b1").code()).as("already gone").isEqualTo(3);

        assertThat(junction("purge", "cli-i1").code()).as("a live instance cannot be purged").isEqualTo(4);
        Result deprovision = junction("deprovision", "cli-i1", "--wait", "--json");
        assertThat(deprovision.code()).as(deprovision.toString()).isZero();
        assertThat(deprovision.json().path("state").asText()).isEqualTo("succeeded");
        assertThat(deprovision.json().path("operation").asText()).isEqualTo("task-4");
        assertThat(osb.get("/v2/service_instances/cli-i1").status()).isEqualTo(404);

        Result purge = junction("purge", "cli-i1");
        assertThat(purge.code()).as(purge.toString()).isZero();
        assertThat(purge.out()).isEqualTo("instance cli-i1: purged\n");
        assertThat(osb.get("/b/instances/cli-i1").json().path("purged").asBoolean()).isTrue();
    }

    @Test
    void aFailedProvisionExitsOneNamingWhy() {
        Result failed = junction("provision", "dummy/failing", "--as", "cli-fail", "--wait");
        assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out()).startsWith("instance cli-fail: provision failed (task-1): ");
        assertThat(failed.err()).startsWith("junction: provision of instance cli-fail failed: ").doesNotContain("\tat ");
        assertThat(junction("tasks", "cli-fail").out()).containsPattern("1 +provision +- +failed");
    }

    @Test
    void refusalsNamedWhatFailedWithTheirExitCodes() {
        Result unknown = junction("provision", "nosuch/small");
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(4);
        assertThat(unknown.err()).isEqualTo("junction: the catalog has no service nosuch (services: dummy)\n");

        Result badParameter = junction("provision", "dummy/small", "-P", "size=huge");
        assertThat(badParameter.code()).as(badParameter.toString()).isEqualTo(4);
        assertThat(badParameter.err()).contains("parameters.size").endsWith("(HTTP 400)\n");

        Result missing = junction("instance", "no-such-instance");
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).startsWith("junction: instance no-such-instance: ").endsWith("(HTTP 404)\n");

        assertThat(junction("provision").code()).as("usage").isEqualTo(2);
    }

    @Test
    void aWrongPasswordExitsFiveAndIsNeverPrinted() {
        Result wrong = junction(Map.of("JUNCTION_PASSWORD", "wrong-pw-7f3a"), "instances");
        assertThat(wrong.code()).as(wrong.toString()).isEqualTo(5);
        assertThat(wrong.err()).endsWith("(HTTP 401)\n");
        Result flag = junction(Map.of(), "catalog", "--password", "wrong-flag-9c1d");
        assertThat(flag.code()).isEqualTo(5);
        assertThat(wrong.out() + wrong.err() + flag.out() + flag.err()).doesNotContain("wrong-pw-7f3a")
                .doesNotContain("wrong-flag-9c1d");
    }

    @Test
    void anUnreachableBrokerExitsSix() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Result unreachable = junction(Map.of(), "instances", "--url", "http://127.0.0.1:" + closed);
        assertThat(unreachable.code()).as(unreachable.toString()).isEqualTo(6);
        assertThat(unreachable.err()).isEqualTo("junction: cannot reach the broker at http://127.0.0.1:" + closed
                + "/: connection refused\n");
    }

    @Test
    void pipesAndTheirHistory() {
        assertThat(osb.send("POST", "/db/pipes", Map.of("id", "cli-p1"), null).status()).isEqualTo(201);
        osb.await("/db/pipes/cli-p1", r -> r.status() == 200, Duration.ofSeconds(30));
        Result pipes = junction("pipes", "db");
        assertThat(pipes.code()).as(pipes.toString()).isZero();
        assertThat(pipes.out()).startsWith("PIPE ").containsPattern("(?m)^cli-p1 ");
        assertThat(junction("pipes", "db", "--json").json().findValuesAsText("id")).contains("cli-p1");
        Result history = junction("history", "db/cli-p1");
        assertThat(history.code()).as(history.toString()).isZero();
        assertThat(history.out()).containsPattern("0 +PipeCreated +\\S+ +user:\\S+");
        assertThat(junction("pipes", "nosuchresource").code()).isEqualTo(3);
    }

    @Test
    void theScriptRunsThroughALinkFromAnyDirectory() throws IOException {
        Path link = Files.createTempDirectory("cli-link-").resolve("junction");
        Files.createSymbolicLink(link, script);
        Result help = run(link, Map.of(), List.of("--help"));
        assertThat(help.code()).as(help.toString()).isZero();
        assertThat(help.out()).contains("provision").contains("Exit codes:");
    }

    private static Result junction(String... args) {
        return junction(Map.of(), args);
    }

    /** Runs bin/junction with the broker's URL and credentials in the environment, {@code env} over them. */
    private static Result junction(Map<String, String> env, String... args) {
        Map<String, String> environment = new HashMap<>(Map.of("JUNCTION_URL", broker.rootUrl(),
                "JUNCTION_USER", BrokerProcess.USERNAME, "JUNCTION_PASSWORD", BrokerProcess.PASSWORD));
        environment.putAll(env);
        return run(script, environment, List.of(args));
    }

    private static Result run(Path executable, Map<String, String> env, List<String> args) {
        try {
            List<String> command = new ArrayList<>(List.of(executable.toString()));
            command.addAll(args);
            Path err = Files.createTempFile(workDir, "stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectError(err.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("JUNCTION_"));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(env);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("junction " + args + " did not end within 3 minutes");
            }
            return new Result(process.exitValue(), out, Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
