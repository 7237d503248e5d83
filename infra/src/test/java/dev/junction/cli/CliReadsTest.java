package dev.junction.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The read commands: tables by default, the broker's JSON with --json, the broker named before or after the command. */
class CliReadsTest {

    static final String OPERATOR_CATALOG = """
            {"plans":[{"service_id":"svc-1","service_name":"dummy","plan_id":"plan-1","plan_name":"small",
              "bindable":true,"instance_limit":0,"instances":2},
             {"service_id":"svc-1","service_name":"dummy","plan_id":"plan-2","plan_name":"single",
              "bindable":false,"instance_limit":1,"instances":1}],
             "not_offered":{"broken":"the stencil's metadata has no version"}}""";

    FakeBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new FakeBroker();
        broker.on("GET /b/catalog", 200, OPERATOR_CATALOG);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void catalogIsATableOfPlansWithTheirUsageAndThePlansNotOffered() {
        FakeBroker.Run run = broker.run("catalog");
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("""
                SERVICE  PLAN    SERVICE ID  PLAN ID  BINDABLE  INSTANCES  LIMIT
                dummy    small   svc-1       plan-1   yes       2          none
                dummy    single  svc-1       plan-2   no        1          1

                not offered:
                  broken: the stencil's metadata has no version
                """);
    }

    @Test
    void jsonPrintsTheBrokersDocument() throws Exception {
        FakeBroker.Run run = broker.run("catalog", "--json");
        assertThat(BrokerClient.JSON.readTree(run.out())).isEqualTo(BrokerClient.JSON.readTree(OPERATOR_CATALOG));
    }

    @Test
    void theBrokerMayBeNamedBeforeOrAfterTheCommand() throws Exception {
        try (FakeBroker other = new FakeBroker()) {
            other.on("GET /b/catalog", 200, OPERATOR_CATALOG);
            Map<String, String> env = Map.of("JUNCTION_URL", broker.url());
            assertThat(FakeBroker.runWith(env, false, "--url", other.url(), "--json", "catalog").code()).isZero();
            assertThat(FakeBroker.runWith(env, false, "catalog", "--url", other.url()).code()).isZero();
            assertThat(other.requests).hasSize(2);
            assertThat(broker.requests).isEmpty();
        }
    }

    @Test
    void instancesShowNamesAndTheLastOperation() {
        broker.on("GET /b/instances", 200, """
                [{"id":"i1","service_id":"svc-1","plan_id":"plan-2","state":"provisioned",
                  "last_operation":{"operation":"task-1","kind":"provision","state":"succeeded"}},
                 {"id":"i2","service_id":"gone","plan_id":"x","state":"failed","last_operation":null}]""");
        assertThat(broker.run("instances").out()).isEqualTo("""
                ID  SERVICE  PLAN    STATE        LAST OPERATION
                i1  dummy    single  provisioned  provision task-1 succeeded
                i2  gone     x       failed       -
                """);
    }

    @Test
    void instanceAndTasksShowBindingsAndEachStepsExitCode() {
        broker.on("GET /b/instances/i1", 200, """
                {"id":"i1","service_id":"svc-1","plan_id":"plan-1","state":"provisioned","purged":false,"files":["url"],
                 "last_operation":{"operation":"task-2","kind":"bind","state":"succeeded"},
                 "bindings":[{"id":"b1","state":"bound","last_operation":{"operation":"task-2","kind":"bind","state":"succeeded"}}],
                 "tasks":[{"number":1,"operation":"provision","state":"succeeded","started_at":"t0","ended_at":"t1",
                   "steps":[{"step":"setup","attempt":1,"exit_code":0},{"step":"stencil","attempt":1,"exit_code":0},
                            {"step":"teardown","attempt":1,"exit_code":1},{"step":"teardown","attempt":2,"exit_code":0}]},
                  {"number":2,"operation":"bind","binding_id":"b1","state":"failed","description":"exit 3",
                   "steps":[{"step":"setup","attempt":1,"exit_code":null}]}]}""");

        String instance = broker.run("instance", "i1").out();
        String tasks = broker.run("tasks", "i1").out();

        assertThat(instance).startsWith("""
                id:             i1
                service:        svc-1
                plan:           plan-1
                state:          provisioned
                last operation: bind task-2 succeeded
                files:          url

                bindings:
                BINDING  STATE  LAST OPERATION
                b1       bound  bind task-2 succeeded
                """).endsWith(tasks);
        assertThat(tasks).isEqualTo("""
                TASK  OPERATION  BINDING  STATE      STARTED  ENDED  STEPS                                      DESCRIPTION
                1     provision  -        succeeded  t0       t1     setup:0 stencil:0 teardown:1 teardown#2:0  -
                2     bind       b1       failed     -        -      setup:-                                    exit 3
                """);
    }

    @Test
    void pipesAndHistory() {
        broker.on("GET /db/pipes", 200, """
                [{"id":"p1","this":{"uri":"http://a/db/pipes/p1"},"other":{"uri":"http://b/x/pipes/y"},"proto":"postgresqls",
                  "propagation":{"state":"retrying","lastError":"timeout"}},{"id":"p2","this":{},"other":{}}]""");
        broker.on("GET /db/pipes/p1/history", 200, """
                [{"sequence":0,"type":"PipeCreated","at":"2026-01-01T00:00:00Z","actor":{"kind":"user","name":"foo"}}]""");

        assertThat(broker.run("pipes", "db").out()).isEqualTo("""
                PIPE  PROTO        OTHER END           PROPAGATION
                p1    postgresqls  http://b/x/pipes/y  retrying: timeout
                p2    -            -                   -
                """);
        assertThat(broker.run("history", "db/p1").out()).isEqualTo("""
                SEQ  EVENT        AT                    ACTOR
                0    PipeCreated  2026-01-01T00:00:00Z  user:foo
                """);
    }
}
