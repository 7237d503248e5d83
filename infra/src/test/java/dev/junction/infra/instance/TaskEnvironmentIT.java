package dev.junction.infra.instance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.InstanceBound;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.InstanceEvents.UnbindRequested;
import dev.junction.api.instance.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.junction.infra.instance.TaskHarness.ACTOR;
import static dev.junction.infra.instance.TaskHarness.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each stencil operation is given (variables, read-only and writable mounts, which streams are its
 * log) and what is kept between operations, with the probe stencil on the local backend.
 */
class TaskEnvironmentIT {

    static TaskHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new TaskHarness(Duration.ofSeconds(60),
                List.of(TaskHarness.backend("local", "local-backend", "here")));
        harness.plan("probe", "probe-stencil", "local", "kubernetes");
        harness.plan("probe-bosh", "probe-stencil", "local", "bosh");
        harness.plan("probe-docker", "probe-stencil", "local", "docker");
        harness.plan("dummy", "dummy-stencil", "local", "kubernetes");
        harness.backends.configureAll();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    /** Runs setup, stencil and teardown of a task; answers the stencil's report. */
    static RecordStep task(String instanceId, int task) throws InterruptedException {
        return task(harness, instanceId, task);
    }

    static RecordStep task(TaskHarness harness, String instanceId, int task) throws InterruptedException {
        RecordStep setup = harness.run(instanceId, task, Step.SETUP, 1);
        assertThat(setup.outcome().succeeded()).as("setup: %s", setup.outcome().reason()).isTrue();
        RecordStep stencil = harness.run(instanceId, task, Step.STENCIL, 1);
        RecordStep teardown = harness.run(instanceId, task, Step.TEARDOWN, 1);
        assertThat(teardown.outcome().succeeded()).as("teardown: %s", teardown.outcome().reason()).isTrue();
        return stencil;
    }

    @Test
    void eachOperationGetsItsContractEnvironmentAndTheCredstoreLastsBetweenThem() throws Exception {
        String id = "probe-1";
        harness.append(id, new ProvisionRequested(id, SERVICE, "probe", null,
                TaskHarness.inputs("{\"secret\":\"s3cr3t-value-42\"}"), null, 1, ACTOR, Instant.now()));
        RecordStep provision = task(id, 1);
        assertThat(provision.outcome().succeeded()).as(provision.outcome().reason()).isTrue();
        assertThat(provision.outcome().files()).containsExactly("probe.txt");
        String log = harness.log(id, 1);
        assertThat(log).contains("operation: provision", "env_HOME: set", "env_INFRASTRUCTURE: set",
                "env_CREDSTORE: set", "env_INPUTS: set", "env_OUTPUTS: set", "env_BINDING: unset",
                "env_IN_CONFIG: unset", "env_OUT_CONFIG: unset", "env_LOCAL_BACKEND: set",
                "mount_HOME: rw", "mount_CREDSTORE: rw", "mount_OUTPUTS: rw", "mount_INPUTS: ro", "mount_root: ro",
                "mount_kubeconfig: ro", "docker_socket: absent",
                "infrastructure: \"kubernetes\"", "\"secret\":\"s3cr3t-value-42\"",
                "probe-stderr: provision", // stderr is part of the provision's log (2>&1)
                "setup: marker written", "teardown: done"); // the backend's logs are the task's too
        assertThat(new String(harness.stores.instances().file(id, "probe.txt").orElseThrow(), StandardCharsets.UTF_8))
                .contains("operation: provision");

        // kept sealed under the instance's key: the stored bytes do not show the secret
        byte[] stored = harness.stores.instances().sealedCredstore(id).orElseThrow();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t-value-42");
        assertThat(harness.stores.instances().credstore(id)).isPresent();

        harness.append(id, new BindRequested(id, "b1", null, null, 2, ACTOR, Instant.now()));
        RecordStep bind = task(id, 2);
        assertThat(bind.outcome().succeeded()).as(bind.outcome().reason()).isTrue();
        String sealed = bind.outcome().sealedCredentials();
        assertThat(sealed).doesNotContain("s3cr3t");
        JsonNode credentials = TaskHarness.JSON.readTree(harness.stores.keys().open(id, sealed).orElseThrow());
        assertThat(credentials.path("credstore_secret").asText()).isEqualTo("s3cr3t-value-42");
        assertThat(credentials.path("mount_CREDSTORE").asText()).isEqualTo("ro");
        assertThat(credentials.path("env_OUTPUTS").asText()).isEqualTo("unset");
        assertThat(credentials.path("env_BINDING").asText()).isEqualTo("unset");
        String bindLog = harness.log(id, 2);
        assertThat(bindLog).contains("probe-stderr: bind").doesNotContain("operation: bind"); // stdout is not log

        harness.append(id, new InstanceBound(id, "b1", 2, sealed, Instant.now()));
        harness.append(id, new UnbindRequested(id, "b1", 3, ACTOR, Instant.now()));
        RecordStep unbind = task(id, 3);
        assertThat(unbind.outcome().succeeded()).as(unbind.outcome().reason()).isTrue();
        assertThat(harness.log(id, 3)).contains("operation: unbind", "env_BINDING: set", "mount_BINDING: ro",
                "mount_CREDSTORE: ro", "env_OUTPUTS: unset", "\"credstore_secret\":\"s3cr3t-value-42\"");

        harness.append(id, new DeprovisionRequested(id, 4, ACTOR, Instant.now()));
        RecordStep deprovision = task(id, 4);
        assertThat(deprovision.outcome().succeeded()).as(deprovision.outcome().reason()).isTrue();
        assertThat(harness.log(id, 4)).contains("operation: deprovision", "mount_CREDSTORE: rw", "env_OUTPUTS: unset",
                "env_BINDING: unset");
        // every setup was torn down: nothing is kept for the tasks
        assertThat(harness.jdbc.queryForObject("SELECT COUNT(*) FROM task_setups", Integer.class)).isZero();
    }

    @Test
    void boshInstancesGetTheDirectorAndADeploymentOfTheirOwn() throws Exception {
        String id = "probe-bosh-1";
        harness.append(id, new ProvisionRequested(id, SERVICE, "probe-bosh", null, TaskHarness.inputs("{}"), null, 1,
                ACTOR, Instant.now()));
        assertThat(task(id, 1).outcome().succeeded()).isTrue();
        assertThat(harness.log(id, 1)).contains("env_BOSH_DEPLOYMENT: set", "env_BOSH_ENVIRONMENT: set",
                "infrastructure: \"bosh\"", "env_DOCKER_HOST: unset", "mount_kubeconfig: missing");
    }

    @Test
    void dockerInstancesGetTheEnginesSocket() throws Exception {
        String id = "probe-docker-1";
        harness.append(id, new ProvisionRequested(id, SERVICE, "probe-docker", null, TaskHarness.inputs("{}"), null,
                1, ACTOR, Instant.now()));
        assertThat(task(id, 1).outcome().succeeded()).isTrue();
        assertThat(harness.log(id, 1)).contains("env_DOCKER_HOST: set", "docker_socket: present",
                "infrastructure: \"docker\"", "env_BOSH_DEPLOYMENT: unset", "mount_kubeconfig: missing");
    }

    @Test
    void theDummyStencilKeepsItsPasswordAndDerivesItsBindFromIt() throws Exception {
        String id = "dummy-1";
        harness.append(id, new ProvisionRequested(id, SERVICE, "dummy", null, TaskHarness.inputs("{\"size\":\"large\"}"),
                null, 1, ACTOR, Instant.now()));
        RecordStep provision = task(id, 1);
        assertThat(provision.outcome().succeeded()).as(provision.outcome().reason()).isTrue();
        assertThat(new String(harness.stores.instances().file(id, "instance.txt").orElseThrow(),
                StandardCharsets.UTF_8)).isEqualTo("size=large\n");
        harness.append(id, new BindRequested(id, "b1", null, null, 2, ACTOR, Instant.now()));
        RecordStep bind = task(id, 2);
        JsonNode credentials = TaskHarness.JSON.readTree(
                harness.stores.keys().open(id, bind.outcome().sealedCredentials()).orElseThrow());
        assertThat(credentials.path("username").asText()).isEqualTo("dummy");
        assertThat(credentials.path("password").asText()).hasSize(32);
    }
}
