package dev.junction.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The operation commands against a scripted broker on loopback: what they send, print and exit with. */
class CliOperationsTest {

    static final String CATALOG = """
            {"services":[{"id":"svc-1","name":"dummy","plans":[{"id":"plan-1","name":"small"},{"id":"plan-2","name":"large"}]}]}""";
    static final String INSTANCE = """
            {"id":"i1","service_id":"svc-1","plan_id":"plan-1","state":"provisioned",
             "last_operation":{"operation":"task-1","kind":"provision","state":"succeeded","description":null},
             "bindings":[],"tasks":[{"number":1,"operation":"provision","state":"succeeded","steps":[]},
             {"number":2,"operation":"update","state":"succeeded","steps":[]}],"files":[]}""";

    FakeBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new FakeBroker();
        broker.on("GET /v2/catalog", 200, CATALOG);
        broker.on("GET /b/instances/i1", 200, INSTANCE);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void provisionResolvesNamesToIdsAndSendsTheParametersOverOsb() throws Exception {
        broker.on("PUT /v2/service_instances/i1?accepts_incomplete=true", 202, "{\"operation\":\"task-1\"}");

        FakeBroker.Run run = broker.run("provision", "dummy/large", "--as", "i1", "-P", "size=huge", "-P", "count=3");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("instance i1: provision in progress (task-1)\n");
        FakeBroker.Request put = broker.last("PUT /v2/service_instances/i1?accepts_incomplete=true");
        assertThat(BrokerClient.JSON.readTree(put.body())).isEqualTo(BrokerClient.JSON.readTree(
                "{\"service_id\":\"svc-1\",\"plan_id\":\"plan-2\",\"parameters\":{\"size\":\"huge\",\"count\":3}}"));
        assertThat(put.osbVersion()).isEqualTo("2.17");
        assertThat(put.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString("foo:bar".getBytes()));
    }

    @Test
    void provisionWithoutAnIdTakesARandomUuid() {
        FakeBroker.Run run = broker.run("provision", "dummy/small", "--json");
        assertThat(run.code()).isEqualTo(ExitCodes.NOT_FOUND).as("the fake answers 404 to an unscripted PUT");
        assertThat(broker.targets()).anyMatch(t -> t.matches(
                "PUT /v2/service_instances/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\?accepts_incomplete=true"));
    }

    @Test
    void provisionWaitFollowsLastOperationToSuccessWithAProgressLineOnATerminal() {
        broker.on("PUT /v2/service_instances/i1?accepts_incomplete=true", 202, "{\"operation\":\"task-1\"}");
        String poll = "GET /v2/service_instances/i1/last_operation?operation=task-1";
        broker.on(poll, 200, "{\"state\":\"in progress\",\"description\":\"stencil\"}", Map.of("Retry-After", "0"));
        broker.on(poll, 200, "{\"state\":\"in progress\"}", Map.of("Retry-After", "0"));
        broker.on(poll, 200, "{\"state\":\"succeeded\",\"description\":\"done\"}");

        FakeBroker.Run run = broker.run(Map.of(), true, "provision", "dummy/small", "--as", "i1", "--wait");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("instance i1: provision succeeded (task-1)\n");
        assertThat(broker.targets().stream().filter(poll::equals)).hasSize(3);
        assertThat(run.err()).contains("\rprovision of instance i1: in progress, ").contains(" s: stencil").endsWith("\r\033[K");
    }

    @Test
    void noProgressLineWhenStderrIsNotATerminal() {
        broker.on("PUT /v2/service_instances/i1?accepts_incomplete=true", 202, "{\"operation\":\"task-1\"}");
        String poll = "GET /v2/service_instances/i1/last_operation?operation=task-1";
        broker.on(poll, 200, "{\"state\":\"in progress\"}", Map.of("Retry-After", "0"));
        broker.on(poll, 200, "{\"state\":\"succeeded\"}");
        FakeBroker.Run run = broker.run(Map.of(), false, "provision", "dummy/small", "--as", "i1", "--wait");
        assertThat(run.code()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aFailedOperationExitsOneWithTheBrokersReason() throws Exception {
        broker.on("PUT /v2/service_instances/i1?accepts_incomplete=true", 202, "{\"operation\":\"task-1\"}");
        broker.on("GET /v2/service_instances/i1/last_operation?operation=task-1", 200,
                "{\"state\":\"failed\",\"description\":\"stencil exited with 3\"}");

        FakeBroker.Run run = broker.run("provision", "dummy/small", "--as", "i1", "--wait", "--json");

        assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
        JsonNode result = BrokerClient.JSON.readTree(run.out());
        assertThat(result.path("state").asText()).isEqualTo("failed");
        assertThat(result.path("operation").asText()).isEqualTo("task-1");
        assertThat(run.err()).isEqualTo("junction: provision of instance i1 failed: stencil exited with 3\n");
    }

    @Test
    void bindWaitPrintsTheCredentialsFetchedOnceItSucceeded() {
        broker.on("PUT /v2/service_instances/i1/service_bindings/b1?accepts_incomplete=true", 202, "{\"operation\":\"task-3\"}");
        broker.on("GET /v2/service_instances/i1/service_bindings/b1/last_operation?operation=task-3", 200, "{\"state\":\"succeeded\"}");
        broker.on("GET /v2/service_instances/i1/service_bindings/b1", 200,
                "{\"credentials\":{\"username\":\"dummy\",\"password\":\"s3cret\",\"port\":5432,\"ca\":\"line1\\nline2\"}}");

        FakeBroker.Run run = broker.run("bind", "i1", "--as", "b1", "--wait");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                binding b1 of instance i1: bind succeeded (task-3)
                credentials:
                  username: dummy
                  password: s3cret
                  port: 5432
                  ca: "line1\\nline2"
                """);
        assertThat(broker.last("PUT /v2/service_instances/i1/service_bindings/b1?accepts_incomplete=true").body())
                .isEqualTo("{\"service_id\":\"svc-1\",\"plan_id\":\"plan-1\"}");
    }

    @Test
    void deprovisionWaitTakesAGoneInstanceAsDone() {
        String delete = "DELETE /v2/service_instances/i1?accepts_incomplete=true&service_id=svc-1&plan_id=plan-1";
        broker.on(delete, 202, "{\"operation\":\"task-4\"}");
        broker.on("GET /v2/service_instances/i1/last_operation?operation=task-4", 410, "{}");

        FakeBroker.Run run = broker.run("deprovision", "i1", "--wait");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("instance i1: deprovision succeeded (task-4)\n");
    }

    @Test
    void unbindSendsTheInstancesServiceAndPlan() {
        broker.on("DELETE /v2/service_instances/i1/service_bindings/b1?accepts_incomplete=true&service_id=svc-1&plan_id=plan-1",
                202, "{\"operation\":\"task-5\"}");
        FakeBroker.Run run = broker.run("unbind", "i1", "b1");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("binding b1 of instance i1: unbind in progress (task-5)\n");
    }

    @Test
    void logsDefaultToTheLatestTaskAndIdsAreEncoded() {
        broker.on("GET /b/instances/i1/tasks/2/log", 200, "line one\nline two\n");
        broker.on("GET /b/instances/a%20b/tasks/task-1/log?follow=true", 200, "followed\n");

        FakeBroker.Run latest = broker.run("logs", "i1");
        FakeBroker.Run followed = broker.run("logs", "a b", "task-1", "--follow");

        assertThat(latest.code()).as(latest.err()).isZero();
        assertThat(latest.out()).isEqualTo("line one\nline two\n");
        assertThat(followed.out()).isEqualTo("followed\n");
    }

    @Test
    void purgeAndFiles() {
        broker.on("POST /b/instances/i1/purge", 200, "{\"purged\":\"i1\"}");
        broker.on("GET /b/instances/i1/files", 200, "{\"task\":1,\"files\":[\"url\",\"notes.txt\"]}");
        broker.on("GET /b/instances/i1/files/url", 200, "http://x\n");

        assertThat(broker.run("purge", "i1").out()).isEqualTo("instance i1: purged\n");
        assertThat(broker.run("files", "i1").out()).isEqualTo("files of task 1:\nNAME\nurl\nnotes.txt\n");
        assertThat(new String(broker.run("files", "i1", "url").raw())).isEqualTo("http://x\n");
    }
}
