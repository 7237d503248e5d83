package dev.junction.infra.instance;

import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.InstancePurged;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.Step;
import dev.junction.infra.container.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.junction.infra.instance.TaskHarness.ACTOR;
import static dev.junction.infra.instance.TaskHarness.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/** A restart finds the containers a previous run of the broker started; a purge leaves nothing readable. */
class TaskRestartAndPurgeIT {

    static TaskHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new TaskHarness(Duration.ofSeconds(60), List.of(TaskHarness.backend("local", "local-backend", "here")));
        harness.plan("dummy", "dummy-stencil", "local", "kubernetes");
        harness.backends.configureAll();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    static void provisionRequested(String id) throws Exception {
        harness.append(id, new ProvisionRequested(id, SERVICE, "dummy", null, TaskHarness.inputs("{}"), null, 1, ACTOR,
                Instant.now()));
    }

    /** Starts a container carrying the step's labels as a broker that then went down would have left it. */
    static void startDetached(StepKey key, String script) throws Exception {
        startDetached(key, List.of(), TestImages.ensure("probe"), script);
    }

    static void startDetached(StepKey key, List<String> options, String image, String argument) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker", "run", "-d", "--network", "none"));
        Map<String, String> labels = StepWork.labels(key, key.step().name().toLowerCase());
        labels.forEach((name, value) -> command.addAll(List.of("--label", name + "=" + value)));
        command.addAll(options);
        command.addAll(List.of(image, argument));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }

    @Test
    void aContainerStartedBeforeARestartIsAwaitedAndReported() throws Exception {
        String id = "restart-1";
        provisionRequested(id);
        StepKey key = new StepKey(id, 1, Step.SETUP, 1);
        harness.stores.runs().started(key);
        Files.createDirectories(WorkDirs.step(harness.workDir, key).resolve("out-config"));
        startDetached(key, "sleep 2; echo 'RESUMED: resumed-value'; echo resumed-stderr >&2");

        harness.runner.resumeInterrupted();
        RecordStep report = harness.next(Duration.ofSeconds(60));
        assertThat(report.step()).isEqualTo(Step.SETUP);
        assertThat(report.outcome().succeeded()).as(report.outcome().reason()).isTrue();
        assertThat(harness.stores.setups().find(id, 1).orElseThrow().env()).containsEntry("RESUMED", "resumed-value");
        assertThat(harness.log(id, 1)).contains("resumed-stderr");
        assertThat(harness.runtime.find(key.labels())).isEmpty(); // removed once awaited
        assertThat(harness.stores.runs().unfinished()).isEmpty();
    }

    @Test
    void aStencilStartedBeforeARestartIsAwaitedAndWhatItLeftIsKept() throws Exception {
        String id = "restart-stencil-1";
        provisionRequested(id);
        assertThat(harness.run(id, 1, Step.SETUP, 1).outcome().succeeded()).isTrue();
        StepKey key = new StepKey(id, 1, Step.STENCIL, 1);
        Path dir = WorkDirs.step(harness.workDir, key);
        Path credstore = Files.createDirectories(dir.resolve("credstore"));
        // as the previous run left it: a size-limited mount where the broker may mount (as root)
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=65536", "tmpfs", credstore.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        Path outputs = Files.createDirectories(dir.resolve("outputs"));
        Path inputs = Files.writeString(dir.resolve("inputs.json"), "{}");
        harness.stores.runs().started(key);
        startDetached(key, List.of("-e", "CREDSTORE=/tweed/credstore", "-e", "OUTPUTS=/tweed/outputs",
                        "-e", "INPUTS=/tweed/inputs.json", "-v", credstore + ":/tweed/credstore",
                        "-v", outputs + ":/tweed/outputs", "-v", inputs + ":/tweed/inputs.json:ro"),
                TestImages.ensure("dummy-stencil"), "provision");

        harness.runner.resumeInterrupted();
        RecordStep report = harness.next(Duration.ofSeconds(60));
        assertThat(report.step()).isEqualTo(Step.STENCIL);
        assertThat(report.outcome().succeeded()).as(report.outcome().reason()).isTrue();
        assertThat(report.outcome().files()).containsExactly("instance.txt");
        assertThat(harness.stores.instances().credstore(id)).isPresent();
        assertThat(harness.log(id, 1)).contains("provisioned a small dummy");
        assertThat(dir).doesNotExist(); // unmounted and removed
    }

    @Test
    void aStepWhoseContainerIsGoneAfterARestartIsReportedLost() throws Exception {
        String id = "lost-1";
        provisionRequested(id);
        harness.stores.runs().started(new StepKey(id, 1, Step.SETUP, 1));
        // a step another broker on the same database runs is that broker's to resume
        new TaskRuns(harness.jdbc, "another-broker").started(new StepKey("elsewhere-1", 1, Step.SETUP, 1));
        harness.runner.resumeInterrupted();
        RecordStep report = harness.next(Duration.ofSeconds(60));
        assertThat(report.instanceId()).isEqualTo(id);
        assertThat(report.outcome().succeeded()).isFalse();
        assertThat(report.outcome().exitCode()).isEqualTo(-1);
        assertThat(report.outcome().reason()).contains("lost");
        Thread.sleep(1_000);
        assertThat(harness.reports).isEmpty();
        assertThat(new TaskRuns(harness.jdbc, "another-broker").unfinished()).hasSize(1);
    }

    @Test
    void aPurgeLeavesTheInstancesSecretsUnreadable() throws Exception {
        String id = "purge-1";
        provisionRequested(id);
        assertThat(TaskEnvironmentIT.task(harness, id, 1).outcome().succeeded()).isTrue();
        harness.append(id, new BindRequested(id, "b1", null, null, 2, ACTOR, Instant.now()));
        String sealed = TaskEnvironmentIT.task(harness, id, 2).outcome().sealedCredentials();
        assertThat(harness.stores.keys().open(id, sealed)).isPresent();
        assertThat(harness.stores.instances().file(id, "instance.txt")).isPresent();

        new InstanceSecretsPurge(harness.stores.instances()).on(new InstancePurged(id, ACTOR, Instant.now()));

        assertThat(harness.stores.keys().open(id, sealed)).isEmpty();
        assertThat(harness.stores.instances().credstore(id)).isEmpty();
        assertThat(harness.stores.instances().file(id, "instance.txt")).isEmpty();
        assertThat(harness.jdbc.queryForObject("SELECT COUNT(*) FROM instance_keys WHERE instance_id = ? "
                + "AND sealed_key IS NULL", Integer.class, id)).isOne();
        // nothing new is sealed for it either: a stencil after the purge refuses to run
        harness.append(id, new DeprovisionRequested(id, 3, ACTOR, Instant.now()));
        assertThat(harness.run(id, 3, Step.SETUP, 1).outcome().succeeded()).isTrue();
        RecordStep deprovision = harness.run(id, 3, Step.STENCIL, 1);
        assertThat(deprovision.outcome().succeeded()).isFalse();
        assertThat(deprovision.outcome().reason()).contains("purged");
        assertThat(harness.log(id, 1)).isNotEmpty(); // the logs stay
    }
}
