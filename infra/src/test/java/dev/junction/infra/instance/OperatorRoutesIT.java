package dev.junction.infra.instance;

import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.Step;
import dev.junction.api.instance.TaskRequests.RunStep;
import dev.junction.infra.web.ErrorResponses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.junction.infra.instance.TaskHarness.ACTOR;
import static dev.junction.infra.instance.TaskHarness.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/** The operator routes under /b/: backends, a task's log (followed while it runs), an instance's files. */
class OperatorRoutesIT {

    static TaskHarness harness;
    static WebTestClient client;

    @BeforeAll
    static void start() throws Exception {
        harness = new TaskHarness(Duration.ofSeconds(4), List.of(TaskHarness.backend("local", "local-backend", "here")));
        harness.plan("dummy", "dummy-stencil", "local", "kubernetes");
        harness.plan("hang", "hang-stencil", "local", "kubernetes");
        harness.backends.configureAll();
        client = WebTestClient.bindToController(new InstanceOperatorController(harness.backends, harness.stores,
                        Duration.ofSeconds(30))).controllerAdvice(new ErrorResponses()).configureClient()
                .responseTimeout(Duration.ofSeconds(60)).build();
        harness.append("routes-1", new ProvisionRequested("routes-1", SERVICE, "dummy", null, TaskHarness.inputs("{}"),
                null, 1, ACTOR, Instant.now()));
        TaskEnvironmentIT.task(harness, "routes-1", 1);
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    static String text(WebTestClient.ResponseSpec response) {
        byte[] body = response.expectBody().returnResult().getResponseBody();
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void backendsShowTheirStateAndCanBeCheckedAgain() {
        client.get().uri("/b/backends").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].name").isEqualTo("local").jsonPath("$[0].state").isEqualTo("READY")
                .jsonPath("$[0].metadata.name").isEqualTo("Local");
        client.post().uri("/b/backends/local/check").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("READY");
        client.post().uri("/b/backends/elsewhere/check").exchange().expectStatus().isNotFound();
    }

    @Test
    void aTasksLogIsReadByNumberOrOperation() {
        assertThat(text(client.get().uri("/b/instances/routes-1/tasks/1/log").exchange().expectStatus().isOk()))
                .contains("provisioned a small dummy", "setup: marker written", "teardown: done");
        assertThat(text(client.get().uri("/b/instances/routes-1/tasks/task-1/log").exchange().expectStatus().isOk()))
                .contains("provisioned a small dummy");
        client.get().uri("/b/instances/routes-1/tasks/0/log").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("task");
        client.get().uri("/b/instances/routes-1/tasks/1/log?follow=maybe").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("follow");
    }

    @Test
    void theLatestFilesAreListedAndServed() {
        client.get().uri("/b/instances/routes-1/files").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.task").isEqualTo(1).jsonPath("$.files[0]").isEqualTo("instance.txt");
        assertThat(text(client.get().uri("/b/instances/routes-1/files/instance.txt").exchange().expectStatus().isOk()))
                .isEqualTo("size=small\n");
        client.get().uri("/b/instances/routes-1/files/other.txt").exchange().expectStatus().isNotFound();
        client.get().uri("/b/instances/nobody/files").exchange().expectStatus().isNotFound();
    }

    @Test
    void followingARunningStepStreamsItsOutputAndEndsWhenItEnds() throws Exception {
        String id = "follow-1";
        harness.append(id, new ProvisionRequested(id, SERVICE, "hang", null, TaskHarness.inputs("{}"), null, 1, ACTOR,
                Instant.now()));
        assertThat(harness.run(id, 1, Step.SETUP, 1).outcome().succeeded()).isTrue();
        harness.runner.handle(new RunStep(id, 1, Step.STENCIL, 1));
        long start = System.nanoTime();
        String followed = text(client.get().uri("/b/instances/follow-1/tasks/1/log?follow=true").exchange()
                .expectStatus().isOk());
        assertThat(followed).contains("provision: hanging");
        assertThat(harness.next(Duration.ofSeconds(30)).outcome().reason()).contains("timed out");
        // it ended after the step did (killed at 4 s), not at the 30 s bound
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(25));
    }
}
