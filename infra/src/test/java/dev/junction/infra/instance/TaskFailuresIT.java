package dev.junction.infra.instance;

import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.junction.infra.instance.TaskHarness.ACTOR;
import static dev.junction.infra.instance.TaskHarness.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/** Stencils and backends that break their contract, or take too long: each fails its step, with a short reason. */
class TaskFailuresIT {

    static TaskHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new TaskHarness(Duration.ofSeconds(4), List.of(
                TaskHarness.backend("local", "local-backend", "here"),
                TaskHarness.backend("flaky", "flaky-backend", "here"),
                TaskHarness.backend("broken", "local-backend", null)));
        harness.plan("fail", "fail-stencil", "local", "kubernetes");
        harness.plan("hang", "hang-stencil", "local", "kubernetes");
        harness.plan("overflow", "overflow-stencil", "local", "kubernetes");
        harness.plan("badyaml", "badyaml-stencil", "local", "kubernetes");
        harness.plan("dummy", "dummy-stencil", "local", "kubernetes");
        harness.plan("flaky", "dummy-stencil", "flaky", "kubernetes");
        harness.plan("broken", "dummy-stencil", "broken", "kubernetes");
        harness.backends.configureAll();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    static void provisionRequested(String id, String plan) throws Exception {
        harness.append(id, new ProvisionRequested(id, SERVICE, plan, null, TaskHarness.inputs("{}"), null, 1, ACTOR,
                Instant.now()));
    }

    /** Setup, then the stencil; answers the stencil's report. */
    static RecordStep stencil(String id, int task) throws InterruptedException {
        RecordStep setup = harness.run(id, task, Step.SETUP, 1);
        assertThat(setup.outcome().succeeded()).as("setup: %s", setup.outcome().reason()).isTrue();
        return harness.run(id, task, Step.STENCIL, 1);
    }

    @Test
    void aStencilExitingNonZeroFailsWithItsExitCodeAndKeepsItsLog() throws Exception {
        provisionRequested("fail-1", "fail");
        RecordStep report = stencil("fail-1", 1);
        assertThat(report.outcome().succeeded()).isFalse();
        assertThat(report.outcome().exitCode()).isEqualTo(3);
        assertThat(report.outcome().reason()).isEqualTo("provision exited with 3");
        assertThat(harness.log("fail-1", 1)).contains("fail-stencil: provision fails on purpose");
    }

    @Test
    void aStencilPastItsTimeoutIsKilledAndFails() throws Exception {
        provisionRequested("hang-1", "hang");
        long start = System.nanoTime();
        RecordStep report = stencil("hang-1", 1);
        assertThat(report.outcome().succeeded()).isFalse();
        assertThat(report.outcome().exitCode()).isEqualTo(-1);
        assertThat(report.outcome().reason()).contains("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
        assertThat(harness.runtime.find(new StepKey("hang-1", 1, Step.STENCIL, 1).labels())).isEmpty();
    }

    @Test
    void writingPastTheCredstoreSizeFailsTheProvision() throws Exception {
        provisionRequested("overflow-1", "overflow");
        RecordStep report = stencil("overflow-1", 1);
        assertThat(report.outcome().succeeded()).isFalse();
        // refused by the file system inside the container (tmpfs), or found after the run (a checked directory)
        assertThat(report.outcome().reason()).matches("provision exited with 1|provision stored more than .*");
        assertThat(harness.log("overflow-1", 1)).contains("2 MiB into CREDSTORE");
    }

    @Test
    void aBindPrintingBadYamlFailsAndStoresNothing() throws Exception {
        String id = "badyaml-1";
        provisionRequested(id, "badyaml");
        assertThat(stencil(id, 1).outcome().succeeded()).isTrue();
        harness.append(id, new BindRequested(id, "b1", null, null, 2, ACTOR, Instant.now()));
        RecordStep bind = stencil(id, 2);
        assertThat(bind.outcome().succeeded()).isFalse();
        assertThat(bind.outcome().sealedCredentials()).isNull();
        assertThat(bind.outcome().reason()).contains("bind output").doesNotContain("unclosed");
    }

    @Test
    void aFailedSetupIsReportedAndNoStencilRunsAfterIt() throws Exception {
        provisionRequested("broken-1", "broken");
        assertThat(harness.backends.status("broken").orElseThrow().state()).isEqualTo(BackendRegistry.State.FAILED);
        RecordStep setup = harness.run("broken-1", 1, Step.SETUP, 1);
        assertThat(setup.outcome().succeeded()).isFalse();
        assertThat(setup.outcome().reason()).startsWith("backend broken is not ready: configuration:");
        RecordStep stencil = harness.run("broken-1", 1, Step.STENCIL, 1);
        assertThat(stencil.outcome().succeeded()).isFalse();
        assertThat(stencil.outcome().reason()).contains("setup is not kept");
        assertThat(harness.log("broken-1", 1)).doesNotContain("contract-env provision");
    }

    @Test
    void aFailedTeardownIsReportedAndKeepsTheSetupForTheNextAttempt() throws Exception {
        provisionRequested("flaky-1", "flaky");
        assertThat(stencil("flaky-1", 1).outcome().succeeded()).isTrue();
        RecordStep first = harness.run("flaky-1", 1, Step.TEARDOWN, 1);
        assertThat(first.outcome().succeeded()).isFalse();
        assertThat(first.outcome().reason()).isEqualTo("teardown exited with 1");
        assertThat(harness.stores.setups().find("flaky-1", 1)).isPresent();
        Thread.sleep(3_000); // the flaky backend tears down only 3 s after its setup
        RecordStep second = harness.run("flaky-1", 1, Step.TEARDOWN, 2);
        assertThat(second.outcome().succeeded()).as(second.outcome().reason()).isTrue();
        assertThat(harness.stores.setups().find("flaky-1", 1)).isEmpty();
    }

    @Test
    void aContainersLogIsKeptUpToTheOutputCap() {
        StepKey key = new StepKey("chatty-1", 1, Step.STENCIL, 1);
        var sink = harness.stores.logs().sink(key, true, false);
        byte[] chunk = new byte[10_000];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 20; i++) {
            sink.append(chunk, false);
            sink.append("stderr is not this step's log".getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
        }
        String log = harness.log("chatty-1", 1);
        long cap = harness.settings.outputCap().toBytes();
        assertThat(log.chars().filter(c -> c == 'x').count()).isEqualTo(cap);
        assertThat(log).endsWith("output cap reached, the rest was dropped]\n").doesNotContain("stderr");
    }

    @Test
    void aStepIsRunOnceHoweverOftenItIsAskedFor() throws Exception {
        provisionRequested("once-1", "dummy");
        for (int i = 0; i < 3; i++) {
            harness.runner.handle(new dev.junction.api.instance.TaskRequests.RunStep("once-1", 1, Step.SETUP, 1));
        }
        assertThat(harness.next(Duration.ofSeconds(60)).outcome().succeeded()).isTrue();
        // asked again once its outcome is in the instance's events: still nothing more runs
        harness.runner.handle(new dev.junction.api.instance.TaskRequests.RunStep("once-1", 1, Step.SETUP, 1));
        Thread.sleep(2_000);
        assertThat(harness.reports).isEmpty();
        assertThat(harness.log("once-1", 1).split("setup: marker written", -1)).hasSize(2);
    }
}
