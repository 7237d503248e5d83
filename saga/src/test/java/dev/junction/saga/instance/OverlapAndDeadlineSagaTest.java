package dev.junction.saga.instance;

import dev.junction.api.Actor;
import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.PollingDeadlineSet;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.StepSucceeded;
import dev.junction.api.instance.InstanceEvents.UpdateRequested;
import dev.junction.api.instance.Step;
import dev.junction.api.instance.StepOutcome;
import dev.junction.api.instance.TaskRequests.RunStep;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.junction.saga.instance.InstanceLifecycleSaga.EXCEEDED;
import static dev.junction.saga.instance.InstanceLifecycleSaga.HALTED;
import static dev.junction.saga.instance.InstanceLifecycleSaga.POLLING_LIMIT;

/** A deprovision that overtakes a running provision, and the plan's maximum_polling_duration. */
class OverlapAndDeadlineSagaTest {

    private static final String ID = "i1";
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Actor ALICE = Actor.user("alice");
    private static final Duration LIMIT = Duration.ofSeconds(60); // within every watchdog wait

    private SagaTestFixture<InstanceLifecycleSaga> fixture;

    @BeforeEach
    void fresh() {
        fixture = new SagaTestFixture<>(InstanceLifecycleSaga.class);
        fixture.registerResource(new TeardownPolicy(Duration.ofSeconds(10), Duration.ofSeconds(30)));
        fixture.registerResource(new StepWatchdog(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3),
                Duration.ofSeconds(5)));
    }

    private static ProvisionRequested provision() {
        return new ProvisionRequested(ID, "svc", "small", null, null, null, 1, ALICE, T);
    }

    private static DeprovisionRequested overtaking() {
        return new DeprovisionRequested(ID, 2, ALICE, T, 1);
    }

    private static StepSucceeded ok(int task, Step step) {
        return new StepSucceeded(ID, task, step, 1, 0, T);
    }

    private PollingDeadlineSet deadline(int task) {
        return new PollingDeadlineSet(ID, task, fixture.currentTime().plus(LIMIT), T);
    }

    @Test
    void anOvertakingDeprovisionWaitsWhileTheProvisionsSetupRuns() throws Exception {
        fixture.givenAggregate(ID).published(provision())
                .whenAggregate(ID).publishes(overtaking())
                .expectActiveSagas(2)
                .expectAssociationWith("taskKey", ID + "/2")
                .expectNoDispatchedCommands();
    }

    @Test
    void afterTheSetupTheHaltedProvisionRecordsItsStencilAsNotRun() throws Exception {
        fixture.givenAggregate(ID).published(provision(), overtaking())
                .whenAggregate(ID).publishes(ok(1, Step.SETUP))
                .expectDispatchedCommands(new RecordStep(ID, 1, Step.STENCIL, 1, StepOutcome.failure(-1, HALTED)));
    }

    @Test
    void theHaltedProvisionIsTornDownAfterItsStencilWasRecorded() throws Exception {
        fixture.givenAggregate(ID).published(provision(), overtaking(), ok(1, Step.SETUP))
                .whenAggregate(ID).publishes(new StepFailed(ID, 1, Step.STENCIL, 1, -1, HALTED, T))
                .expectDispatchedCommands(new RunStep(ID, 1, Step.TEARDOWN, 1));
    }

    @Test
    void aDeprovisionThatOvertookNothingLeavesTheProvisionAsItIs() throws Exception {
        fixture.givenAggregate(ID).published(provision(), new DeprovisionRequested(ID, 2, ALICE, T))
                .whenAggregate(ID).publishes(ok(1, Step.SETUP))
                .expectDispatchedCommands(new RunStep(ID, 1, Step.STENCIL, 1));
    }

    @Test
    void aStencilRunningWhenTheDeprovisionCameFinishesAndIsTornDown() throws Exception {
        fixture.givenAggregate(ID).published(provision(), ok(1, Step.SETUP), overtaking())
                .whenAggregate(ID).publishes(ok(1, Step.STENCIL))
                .expectDispatchedCommands(new RunStep(ID, 1, Step.TEARDOWN, 1));
    }

    @Test
    void theDeprovisionRunsOnceTheProvisionIsTornDown() throws Exception {
        fixture.givenAggregate(ID).published(provision(), ok(1, Step.SETUP), overtaking(), ok(1, Step.STENCIL))
                .whenAggregate(ID).publishes(ok(1, Step.TEARDOWN))
                .expectActiveSagas(1)
                .expectDispatchedCommands(new RunStep(ID, 2, Step.SETUP, 1));
    }

    @Test
    void theDeprovisionRunsAtOnceWhenTheProvisionsSetupFailed() throws Exception {
        fixture.givenAggregate(ID).published(provision(), overtaking())
                .whenAggregate(ID).publishes(new StepFailed(ID, 1, Step.SETUP, 1, 1, "no", T))
                .expectActiveSagas(1)
                .expectDispatchedCommands(new RunStep(ID, 2, Step.SETUP, 1));
    }

    @Test
    void anOperationPastItsPollingDeadlineHasItsRunningStepRecordedAsFailed() throws Exception {
        UpdateRequested update = new UpdateRequested(ID, "small", null, null, 1, ALICE, T);
        fixture.givenAggregate(ID).published(update, deadline(1), ok(1, Step.SETUP))
                .whenTimeElapses(LIMIT)
                .expectDispatchedCommands(new RecordStep(ID, 1, Step.STENCIL, 1, StepOutcome.failure(-1, EXCEEDED)));
    }

    @Test
    void aDecidedOperationHasNoPollingDeadlineLeft() throws Exception {
        fixture.givenAggregate(ID).published(provision(), deadline(1), ok(1, Step.SETUP))
                .whenAggregate(ID).publishes(ok(1, Step.STENCIL))
                .expectNoScheduledDeadlineWithName(LIMIT, POLLING_LIMIT)
                .expectDispatchedCommands(new RunStep(ID, 1, Step.TEARDOWN, 1));
    }

    @Test
    void aWaitingDeprovisionPastItsDeadlineFailsWithoutRunning() throws Exception {
        fixture.givenAggregate(ID).published(provision(), overtaking(), deadline(2))
                .whenTimeElapses(LIMIT)
                .expectDispatchedCommands(new RecordStep(ID, 2, Step.SETUP, 1, StepOutcome.failure(-1, EXCEEDED)));
    }
}
