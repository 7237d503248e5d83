package dev.junction.saga.instance;

import dev.junction.api.Actor;
import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceCommands.ReleasePlanSlots;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.DeprovisionFailed;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.InstanceDeprovisioned;
import dev.junction.api.instance.InstanceEvents.InstanceProvisioned;
import dev.junction.api.instance.InstanceEvents.InstancePurged;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.StepSucceeded;
import dev.junction.api.instance.InstanceEvents.TaskOpened;
import dev.junction.api.instance.InstanceEvents.TeardownRetryRequested;
import dev.junction.api.instance.InstanceEvents.UnbindRequested;
import dev.junction.api.instance.InstanceEvents.UpdateRequested;
import dev.junction.api.instance.Step;
import dev.junction.api.instance.StepOutcome;
import dev.junction.api.instance.TaskRequests.RunStep;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static dev.junction.saga.instance.InstanceLifecycleSaga.TEARDOWN_RETRY;
import static dev.junction.saga.instance.InstanceLifecycleSaga.WATCHDOG;
import static org.assertj.core.api.Assertions.assertThat;

class InstanceLifecycleSagaTest {

    private static final String ID = "i1";
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Actor ALICE = Actor.user("alice");
    private static final TeardownPolicy TEARDOWN = new TeardownPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30));
    /** Distinct waits per step, so that a test can tell which step's watchdog is scheduled. */
    private static final StepWatchdog WATCH = new StepWatchdog(Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(3), Duration.ofSeconds(5));
    private static final Duration SETUP_WAIT = Duration.ofSeconds(65);
    private static final Duration STENCIL_WAIT = Duration.ofSeconds(125);
    private static final Duration TEARDOWN_WAIT = Duration.ofSeconds(185);

    private SagaTestFixture<InstanceLifecycleSaga> fixture;

    /** A fresh fixture: every scenario starts with no sagas, no deadlines and the fixture's clock at its start. */
    @BeforeEach
    void fresh() {
        fixture = new SagaTestFixture<>(InstanceLifecycleSaga.class);
        fixture.registerResource(TEARDOWN);
        fixture.registerResource(WATCH);
    }

    private static ProvisionRequested provision(int task) {
        return new ProvisionRequested(ID, "svc", "small", null, null, null, task, ALICE, T);
    }

    private static StepSucceeded ok(int task, Step step, int attempt) {
        return new StepSucceeded(ID, task, step, attempt, 0, T);
    }

    private static StepFailed failed(int task, Step step, int attempt) {
        return new StepFailed(ID, task, step, attempt, 1, "broke", T);
    }

    private static RunStep run(int task, Step step, int attempt) {
        return new RunStep(ID, task, step, attempt);
    }

    /** Task 1 (a provision) up to its teardown's first run. */
    private static Object[] upToTeardown() {
        return new Object[]{provision(1), ok(1, Step.SETUP, 1), ok(1, Step.STENCIL, 1),
                new InstanceProvisioned(ID, 1, List.of(), T)};
    }

    static Stream<TaskOpened> openings() {
        return Stream.of(provision(1), new UpdateRequested(ID, "large", null, null, 1, ALICE, T),
                new BindRequested(ID, "b1", null, null, 1, ALICE, T), new UnbindRequested(ID, "b1", 1, ALICE, T),
                new DeprovisionRequested(ID, 1, ALICE, T));
    }

    @Test
    void aNewTaskRunsItsSetupUnderAWatchdog() throws Exception {
        fixture.givenNoPriorActivity()
                .whenAggregate(ID).publishes(provision(1))
                .expectActiveSagas(1)
                .expectAssociationWith("taskKey", ID + "/1")
                .expectDispatchedCommands(run(1, Step.SETUP, 1))
                .expectScheduledDeadlineWithName(SETUP_WAIT, WATCHDOG);
    }

    @ParameterizedTest
    @MethodSource("openings")
    void everyOperationRunsSetupThenStencilThenTeardown(TaskOpened opened) throws Exception {
        fixture.givenAggregate(ID).published(opened)
                .whenAggregate(ID).publishes(ok(1, Step.SETUP, 1))
                .expectDispatchedCommands(run(1, Step.STENCIL, 1))
                .expectScheduledDeadlineWithName(STENCIL_WAIT, WATCHDOG)
                .expectNoScheduledDeadlineWithName(SETUP_WAIT, WATCHDOG);
        fresh();
        fixture.givenAggregate(ID).published(opened, ok(1, Step.SETUP, 1))
                .whenAggregate(ID).publishes(ok(1, Step.STENCIL, 1))
                .expectDispatchedCommands(run(1, Step.TEARDOWN, 1))
                .expectScheduledDeadlineWithName(TEARDOWN_WAIT, WATCHDOG);
    }

    @Test
    void aProvisionEndsWithItsTeardownAndFreesNoSlot() throws Exception {
        fixture.givenAggregate(ID).published(upToTeardown())
                .whenAggregate(ID).publishes(ok(1, Step.TEARDOWN, 1))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    @Test
    void aDeprovisionFreesThePlanSlotOnceTornDown() throws Exception {
        fixture.givenAggregate(ID).published(new DeprovisionRequested(ID, 1, ALICE, T), ok(1, Step.SETUP, 1),
                        ok(1, Step.STENCIL, 1), new InstanceDeprovisioned(ID, 1, T))
                .whenAggregate(ID).publishes(ok(1, Step.TEARDOWN, 1))
                .expectActiveSagas(0)
                .expectDispatchedCommands(new ReleasePlanSlots(ID))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aFailedDeprovisionFreesNothing() throws Exception {
        fixture.givenAggregate(ID).published(new DeprovisionRequested(ID, 1, ALICE, T), ok(1, Step.SETUP, 1),
                        failed(1, Step.STENCIL, 1), new DeprovisionFailed(ID, 1, "broke", T))
                .whenAggregate(ID).publishes(ok(1, Step.TEARDOWN, 1))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
    }

    @Test
    void anUpdateSettlesThePlanSlotsOnceTornDown() throws Exception {
        fixture.givenAggregate(ID).published(new UpdateRequested(ID, "large", null, null, 1, ALICE, T),
                        ok(1, Step.SETUP, 1), ok(1, Step.STENCIL, 1))
                .whenAggregate(ID).publishes(ok(1, Step.TEARDOWN, 1))
                .expectActiveSagas(0)
                .expectDispatchedCommands(new ReleasePlanSlots(ID));
    }

    @Test
    void aFailedSetupEndsTheTaskWithoutTeardown() throws Exception {
        fixture.givenAggregate(ID).published(provision(1))
                .whenAggregate(ID).publishes(failed(1, Step.SETUP, 1))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    @Test
    void aFailedStencilIsStillTornDown() throws Exception {
        fixture.givenAggregate(ID).published(provision(1), ok(1, Step.SETUP, 1))
                .whenAggregate(ID).publishes(failed(1, Step.STENCIL, 1))
                .expectActiveSagas(1)
                .expectDispatchedCommands(run(1, Step.TEARDOWN, 1));
    }

    @Test
    void aFailedTeardownWaitsTheFirstPause() throws Exception {
        fixture.givenAggregate(ID).published(upToTeardown())
                .whenAggregate(ID).publishes(failed(1, Step.TEARDOWN, 1))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(10), TEARDOWN_RETRY)
                .expectNoScheduledDeadlineWithName(TEARDOWN_WAIT, WATCHDOG);
    }

    @Test
    void aTeardownFailingTwiceIsRetriedWithDoublingPausesUntilItSucceeds() throws Exception {
        fixture.givenAggregate(ID).published(upToTeardown())
                .andThenAggregate(ID).published(failed(1, Step.TEARDOWN, 1))
                .whenTimeElapses(Duration.ofSeconds(10))
                .expectDispatchedCommands(run(1, Step.TEARDOWN, 2));
        fresh();
        fixture.givenAggregate(ID).published(upToTeardown())
                .andThenAggregate(ID).published(failed(1, Step.TEARDOWN, 1))
                .andThenTimeElapses(Duration.ofSeconds(10))
                .andThenAggregate(ID).published(failed(1, Step.TEARDOWN, 2))
                .whenTimeElapses(Duration.ofSeconds(19))
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(1), TEARDOWN_RETRY);
        fresh();
        fixture.givenAggregate(ID).published(upToTeardown())
                .andThenAggregate(ID).published(failed(1, Step.TEARDOWN, 1))
                .andThenTimeElapses(Duration.ofSeconds(10))
                .andThenAggregate(ID).published(failed(1, Step.TEARDOWN, 2))
                .whenTimeElapses(Duration.ofSeconds(20))
                .expectDispatchedCommands(run(1, Step.TEARDOWN, 3));
        fresh();
        fixture.givenAggregate(ID).published(upToTeardown())
                .andThenAggregate(ID).published(failed(1, Step.TEARDOWN, 1))
                .andThenTimeElapses(Duration.ofSeconds(10))
                .andThenAggregate(ID).published(failed(1, Step.TEARDOWN, 2))
                .andThenTimeElapses(Duration.ofSeconds(20))
                .whenAggregate(ID).publishes(ok(1, Step.TEARDOWN, 3))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void thePauseIsCappedAndTheRetriesNeverStop() throws Exception {
        assertThat(List.of(1, 2, 3, 4, 1000).stream().map(TEARDOWN::pauseAfter)).containsExactly(
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
    }

    @Test
    void anOperatorsRetryRunsTheTeardownNowAndCancelsThePause() throws Exception {
        fixture.givenAggregate(ID).published(upToTeardown())
                .andThenAggregate(ID).published(failed(1, Step.TEARDOWN, 1))
                .whenAggregate(ID).publishes(new TeardownRetryRequested(ID, 1, ALICE, T))
                .expectDispatchedCommands(run(1, Step.TEARDOWN, 2))
                .expectNoScheduledDeadlineWithName(Duration.ofSeconds(10), TEARDOWN_RETRY)
                .expectScheduledDeadlineWithName(TEARDOWN_WAIT, WATCHDOG);
    }

    @Test
    void withoutAReportTheStepIsAskedForAgainOnce() throws Exception {
        fixture.givenAggregate(ID).published(provision(1), ok(1, Step.SETUP, 1))
                .whenTimeElapses(STENCIL_WAIT)
                .expectDispatchedCommands(run(1, Step.STENCIL, 1))
                .expectScheduledDeadlineWithName(STENCIL_WAIT, WATCHDOG);
    }

    @Test
    void stillWithoutAReportTheStepIsRecordedAsFailed() throws Exception {
        fixture.givenAggregate(ID).published(provision(1), ok(1, Step.SETUP, 1))
                .andThenTimeElapses(STENCIL_WAIT)
                .whenTimeElapses(STENCIL_WAIT)
                .expectDispatchedCommands(new RecordStep(ID, 1, Step.STENCIL, 1,
                        StepOutcome.failure(-1, InstanceLifecycleSaga.NO_REPORT)));
    }

    @Test
    void theFailureRecordedByTheWatchdogLeadsToTheTeardown() throws Exception {
        fixture.givenAggregate(ID).published(provision(1), ok(1, Step.SETUP, 1))
                .andThenTimeElapses(STENCIL_WAIT)
                .andThenTimeElapses(STENCIL_WAIT)
                .whenAggregate(ID).publishes(new StepFailed(ID, 1, Step.STENCIL, 1, -1,
                        InstanceLifecycleSaga.NO_REPORT, T))
                .expectDispatchedCommands(run(1, Step.TEARDOWN, 1));
    }

    @Test
    void aReportInTimeCancelsTheWatchdog() throws Exception {
        fixture.givenAggregate(ID).published(provision(1))
                .andThenAggregate(ID).published(failed(1, Step.SETUP, 1))
                .whenTimeElapses(Duration.ofHours(1))
                .expectNoDispatchedCommands();
    }

    @Test
    void aStaleReportIsPassedOver() throws Exception {
        fixture.givenAggregate(ID).published(upToTeardown())
                .andThenAggregate(ID).published(failed(1, Step.TEARDOWN, 1))
                .whenAggregate(ID).publishes(ok(1, Step.STENCIL, 1))
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();
    }

    @Test
    void eachTaskHasItsOwnSaga() throws Exception {
        fixture.givenAggregate(ID).published(provision(1))
                .whenAggregate(ID).publishes(ok(2, Step.SETUP, 1))
                .expectNoDispatchedCommands();
        fresh();
        fixture.givenAggregate(ID).published(provision(1), ok(1, Step.SETUP, 1), failed(1, Step.STENCIL, 1))
                .whenAggregate(ID).publishes(new DeprovisionRequested(ID, 2, ALICE, T))
                .expectActiveSagas(2)
                .expectDispatchedCommands(run(2, Step.SETUP, 1));
    }

    @Test
    void onlyTaskEventsConcernTheSaga() throws Exception {
        assertThat(InstanceLifecycleSaga.mayConcern(GenericEventMessage.asEventMessage(ok(1, Step.SETUP, 1))))
                .isTrue();
        assertThat(InstanceLifecycleSaga.mayConcern(GenericEventMessage.asEventMessage(
                new InstancePurged(ID, ALICE, T)))).isFalse();
    }
}
