package dev.junction.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures: one line on stderr naming what failed, never a stack trace or the password, the documented exit code. */
class CliErrorsTest {

    FakeBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new FakeBroker();
        broker.on("GET /v2/catalog", 200, CliOperationsTest.CATALOG);
        broker.on("GET /b/instances/i1", 200, CliOperationsTest.INSTANCE);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void anUnknownServiceOrPlanIsRefusedNamingItAndNothingIsSent() {
        FakeBroker.Run service = broker.run("provision", "nope/small");
        FakeBroker.Run plan = broker.run("provision", "dummy/nope");

        assertThat(service.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(service.err()).isEqualTo("junction: the catalog has no service nope (services: dummy)\n");
        assertThat(plan.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(plan.err()).startsWith("junction: service dummy offers no plan nope (plans: small, large;");
        assertThat(broker.targets()).noneMatch(t -> t.startsWith("PUT"));
    }

    @Test
    void theBrokersRefusalIsOneLineWithItsDescriptionAndFields() {
        broker.on("PUT /v2/service_instances/i1?accepts_incomplete=true", 400,
                "{\"error\":\"BadRequest\",\"description\":\"parameters.size: must be one of [small, large]\"}");
        broker.on("GET /b/instances/i2", 400,
                "{\"status\":400,\"message\":\"invalid input\",\"errors\":[{\"field\":\"id\",\"message\":\"too long\"}]}");
        broker.on("PUT /v2/service_instances/i3?accepts_incomplete=true", 422,
                "{\"error\":\"ConcurrencyError\",\"description\":\"another operation\\nis running\"}");

        FakeBroker.Run bad = broker.run("provision", "dummy/small", "--as", "i1", "-P", "size=huge");
        FakeBroker.Run fields = broker.run("instance", "i2");
        FakeBroker.Run busy = broker.run("provision", "dummy/small", "--as", "i3");

        assertThat(bad.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(bad.err()).isEqualTo("junction: provision of instance i1: parameters.size: must be one of [small, large] (HTTP 400)\n");
        assertThat(fields.err()).isEqualTo("junction: instance i2: invalid input; id: too long (HTTP 400)\n");
        assertThat(busy.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(busy.err()).isEqualTo("junction: provision of instance i3: another operation is running (HTTP 422)\n");
    }

    @Test
    void notFoundAndGoneExitThree() {
        broker.on("DELETE /v2/service_instances/i1?accepts_incomplete=true&service_id=svc-1&plan_id=plan-1", 410, "{}");
        FakeBroker.Run missing = broker.run("instance", "nope");
        FakeBroker.Run gone = broker.run("deprovision", "i1");
        assertThat(missing.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).isEqualTo("junction: instance nope: no route /b/instances/nope (HTTP 404)\n");
        assertThat(gone.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(gone.err()).isEqualTo("junction: deprovision of instance i1: not found (HTTP 410)\n");
    }

    @Test
    void refusedCredentialsExitFiveWithoutThePassword() {
        broker.on("GET /b/catalog", 401, "{\"status\":401,\"message\":\"valid HTTP Basic credentials are required\"}");
        FakeBroker.Run run = broker.run(Map.of("JUNCTION_USER", "foo", "JUNCTION_PASSWORD", "hunter2-wrong"), false,
                "catalog", "--password", "hunter2-flag");
        assertThat(run.code()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(run.err()).isEqualTo("junction: the catalog: valid HTTP Basic credentials are required (HTTP 401)\n");
        assertThat(run.out() + run.err()).doesNotContain("hunter2");
        assertThat(broker.last("GET /b/catalog").authorization()).as("the flag wins over the environment")
                .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("foo:hunter2-flag".getBytes()));
    }

    @Test
    void anUnreachableBrokerAServerErrorOrAnAnswerThatIsNotJsonExitSix() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        FakeBroker.Run unreachable = broker.run(Map.of("JUNCTION_URL", "http://127.0.0.1:" + closed), false, "instances");
        broker.on("GET /b/instances", 503, "<html>busy</html>");
        FakeBroker.Run failing = broker.run("instances");
        broker.on("GET /b/catalog", 200, "<html>a proxy's page</html>");
        FakeBroker.Run notJson = broker.run("catalog");

        assertThat(unreachable.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(unreachable.err()).isEqualTo("junction: cannot reach the broker at http://127.0.0.1:" + closed
                + "/: connection refused\n");
        assertThat(failing.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(failing.err()).isEqualTo("junction: the instances: the broker failed (HTTP 503)\n");
        assertThat(notJson.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(notJson.err()).contains("not JSON").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void usageErrorsExitTwoAndSendNothing() {
        assertThat(broker.run("frobnicate").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(broker.run("provision").code()).as("a missing argument").isEqualTo(ExitCodes.USAGE);
        assertThat(broker.run("provision", "dummy").code()).as("no plan").isEqualTo(ExitCodes.USAGE);
        assertThat(broker.run("provision", "dummy/small", "-P", "size").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(broker.run("history", "db").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(broker.run("instances", "--wait").code()).as("an option of another command").isEqualTo(ExitCodes.USAGE);
        FakeBroker.Run credentialsInUrl = broker.run(Map.of("JUNCTION_URL", "http://foo:hunter2@127.0.0.1:1"), false, "catalog");
        assertThat(credentialsInUrl.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(credentialsInUrl.err()).doesNotContain("hunter2").contains("--url");
        assertThat(broker.run("catalog", "--url", "ftp://x").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(broker.run("catalog", "--url", "http://127.0.0.1/v2").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(broker.requests).isEmpty();
    }

    @Test
    void helpListsTheExitCodes() {
        FakeBroker.Run help = broker.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Exit codes:").contains("3   not found (HTTP 404, 410)")
                .contains("6   broker unreachable");
    }
}
