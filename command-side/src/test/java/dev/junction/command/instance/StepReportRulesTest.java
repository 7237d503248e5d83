package dev.junction.command.instance;

import dev.junction.api.error.ConflictException;
import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceCommands.RetryTeardown;
import dev.junction.api.instance.InstanceEvents.BindFailed;
import dev.junction.api.instance.InstanceEvents.DeprovisionFailed;
import dev.junction.api.instance.InstanceEvents.InstanceBound;
import dev.junction.api.instance.InstanceEvents.InstanceDeprovisioned;
import dev.junction.api.instance.InstanceEvents.InstanceProvisioned;
import dev.junction.api.instance.InstanceEvents.InstanceUnbound;
import dev.junction.api.instance.InstanceEvents.InstanceUpdated;
import dev.junction.api.instance.InstanceEvents.ProvisionFailed;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.StepSucceeded;
import dev.junction.api.instance.InstanceEvents.TeardownRetryRequested;
import dev.junction.api.instance.InstanceEvents.UnbindFailed;
import dev.junction.api.instance.InstanceEvents.UpdateFailed;
import dev.junction.api.instance.Step;
import dev.junction.api.instance.StepOutcome;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.junction.api.testing.Json.invalidField;
import static dev.junction.command.instance.InstanceFixtures.*;

/** What the task adapter's reports lead to, and the operator's retry of a teardown; one scenario per rule. */
class StepReportRulesTest {

    private static final StepOutcome OK = StepOutcome.success(0);
    private static final StepOutcome BROKE = StepOutcome.failure(3, "disk full");

    private AggregateTestFixture<ServiceInstance> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    private static RecordStep report(int task, Step step, int attempt, StepOutcome outcome) {
        return new RecordStep(ID, task, step, attempt, outcome);
    }

    private static StepOutcome credentials(String sealed) {
        return new StepOutcome(true, 0, null, sealed, List.of());
    }

    /** Provisioned, then task 2 of the given kind with its setup done. */
    private static List<Object> stencilDue(Object opened) {
        return events(provisioned(), opened, ok(2, Step.SETUP));
    }

    @Nested
    class Setup {

        @Test
        void aSucceededSetupIsRecorded() {
            fixture.given(provisionRequested("small", null))
                    .when(report(1, Step.SETUP, 1, OK))
                    .expectEvents(new StepSucceeded(ID, 1, Step.SETUP, 1, 0, NOW));
        }

        @Test
        void aFailedSetupFailsTheProvision() {
            fixture.given(provisionRequested("small", null))
                    .when(report(1, Step.SETUP, 1, BROKE))
                    .expectEvents(new StepFailed(ID, 1, Step.SETUP, 1, 3, "disk full", NOW),
                            new ProvisionFailed(ID, 1, "backend setup failed: disk full", NOW));
        }

        @Test
        void aFailedSetupFailsABind() {
            fixture.given(events(provisioned(), bindRequested("b1", 2)))
                    .when(report(2, Step.SETUP, 1, StepOutcome.failure(1, null)))
                    .expectEvents(new StepFailed(ID, 2, Step.SETUP, 1, 1, "exited with code 1", NOW),
                            new BindFailed(ID, "b1", 2, "backend setup failed: exited with code 1", NOW));
        }

        @Test
        void noTeardownIsAwaitedAfterAFailedSetup() {
            fixture.given(provisionRequested("small", null), new StepFailed(ID, 1, Step.SETUP, 1, 3, "x", EARLIER),
                            new ProvisionFailed(ID, 1, "backend setup failed: x", EARLIER))
                    .when(report(1, Step.TEARDOWN, 1, OK))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    class Stencil {

        @Test
        void aProvisionSucceedsWithItsFiles() {
            fixture.given(provisionRequested("small", null), ok(1, Step.SETUP))
                    .when(report(1, Step.STENCIL, 1, new StepOutcome(true, 0, null, null, List.of("out.yml"))))
                    .expectEvents(new StepSucceeded(ID, 1, Step.STENCIL, 1, 0, NOW),
                            new InstanceProvisioned(ID, 1, List.of("out.yml"), NOW));
        }

        @Test
        void aProvisionFails() {
            fixture.given(provisionRequested("small", null), ok(1, Step.SETUP))
                    .when(report(1, Step.STENCIL, 1, BROKE))
                    .expectEvents(new StepFailed(ID, 1, Step.STENCIL, 1, 3, "disk full", NOW),
                            new ProvisionFailed(ID, 1, "disk full", NOW));
        }

        @Test
        void anUpdateSucceedsOnItsNewPlan() {
            fixture.given(stencilDue(updateRequested(2, "large", "{}")))
                    .when(report(2, Step.STENCIL, 1, OK))
                    .expectEvents(new StepSucceeded(ID, 2, Step.STENCIL, 1, 0, NOW),
                            new InstanceUpdated(ID, 2, "large", List.of(), NOW));
        }

        @Test
        void anUpdateFails() {
            fixture.given(stencilDue(updateRequested(2, "large", "{}")))
                    .when(report(2, Step.STENCIL, 1, BROKE))
                    .expectEvents(new StepFailed(ID, 2, Step.STENCIL, 1, 3, "disk full", NOW),
                            new UpdateFailed(ID, 2, "disk full", NOW));
        }

        @Test
        void aBindSucceedsWithItsSealedCredentials() {
            fixture.given(stencilDue(bindRequested("b1", 2)))
                    .when(report(2, Step.STENCIL, 1, credentials("sealed:xyz")))
                    .expectEvents(new StepSucceeded(ID, 2, Step.STENCIL, 1, 0, NOW),
                            new InstanceBound(ID, "b1", 2, "sealed:xyz", NOW));
        }

        @Test
        void aBindWithoutCredentialsFails() {
            fixture.given(stencilDue(bindRequested("b1", 2)))
                    .when(report(2, Step.STENCIL, 1, OK))
                    .expectEvents(new StepSucceeded(ID, 2, Step.STENCIL, 1, 0, NOW),
                            new BindFailed(ID, "b1", 2, StepReports.NO_CREDENTIALS, NOW));
        }

        @Test
        void anUnbindSucceedsOrFails() {
            fixture.given(events(bound("b1"), unbindRequested("b1", 3), ok(3, Step.SETUP)))
                    .when(report(3, Step.STENCIL, 1, OK))
                    .expectEvents(new StepSucceeded(ID, 3, Step.STENCIL, 1, 0, NOW), new InstanceUnbound(ID, "b1", 3, NOW));
            fixture.given(events(bound("b1"), unbindRequested("b1", 3), ok(3, Step.SETUP)))
                    .when(report(3, Step.STENCIL, 1, BROKE))
                    .expectEvents(new StepFailed(ID, 3, Step.STENCIL, 1, 3, "disk full", NOW),
                            new UnbindFailed(ID, "b1", 3, "disk full", NOW));
        }

        @Test
        void aDeprovisionSucceedsOrFails() {
            fixture.given(stencilDue(deprovisionRequested(2)))
                    .when(report(2, Step.STENCIL, 1, OK))
                    .expectEvents(new StepSucceeded(ID, 2, Step.STENCIL, 1, 0, NOW), new InstanceDeprovisioned(ID, 2, NOW));
            fixture.given(stencilDue(deprovisionRequested(2)))
                    .when(report(2, Step.STENCIL, 1, BROKE))
                    .expectEvents(new StepFailed(ID, 2, Step.STENCIL, 1, 3, "disk full", NOW),
                            new DeprovisionFailed(ID, 2, "disk full", NOW));
        }

        @Test
        void aStencilReportBeforeTheSetupsIsIgnored() {
            fixture.given(provisionRequested("small", null))
                    .when(report(1, Step.STENCIL, 1, OK))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    class Teardown {

        private List<Object> tornDownOnce(StepOutcome outcome) {
            Object event = outcome.succeeded() ? ok(2, Step.TEARDOWN)
                    : new StepFailed(ID, 2, Step.TEARDOWN, 1, 3, "disk full", EARLIER);
            return events(stencilDue(deprovisionRequested(2)), ok(2, Step.STENCIL),
                    new InstanceDeprovisioned(ID, 2, EARLIER), event);
        }

        @Test
        void aTeardownOnlyRecordsItsStep() {
            fixture.given(events(stencilDue(deprovisionRequested(2)), ok(2, Step.STENCIL),
                            new InstanceDeprovisioned(ID, 2, EARLIER)))
                    .when(report(2, Step.TEARDOWN, 1, BROKE))
                    .expectEvents(new StepFailed(ID, 2, Step.TEARDOWN, 1, 3, "disk full", NOW));
        }

        @Test
        void aRepeatedReportIsIgnored() {
            fixture.given(tornDownOnce(BROKE))
                    .when(report(2, Step.TEARDOWN, 1, OK))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aReportOfAnotherTaskIsIgnored() {
            fixture.given(provisioned())
                    .when(report(7, Step.SETUP, 1, OK))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void anEarlierTasksTeardownIsStillRecordedWhileTheNextRuns() {
            fixture.given(events(provisionRequested("small", null), ok(1, Step.SETUP), ok(1, Step.STENCIL),
                            new InstanceProvisioned(ID, 1, List.of(), EARLIER), bindRequested("b1", 2)))
                    .when(report(1, Step.TEARDOWN, 1, OK))
                    .expectEvents(new StepSucceeded(ID, 1, Step.TEARDOWN, 1, 0, NOW));
        }

        @Test
        void anOperatorRetriesAFailedTeardown() {
            fixture.given(tornDownOnce(BROKE))
                    .when(new RetryTeardown(ID, 2, ALICE))
                    .expectEvents(new TeardownRetryRequested(ID, 2, ALICE, NOW));
        }

        @Test
        void theRetriedAttemptIsRecorded() {
            fixture.given(events(tornDownOnce(BROKE), new TeardownRetryRequested(ID, 2, ALICE, EARLIER)))
                    .when(report(2, Step.TEARDOWN, 2, OK))
                    .expectEvents(new StepSucceeded(ID, 2, Step.TEARDOWN, 2, 0, NOW));
        }

        @Test
        void aTeardownThatDidNotFailCannotBeRetried() {
            fixture.given(tornDownOnce(OK))
                    .when(new RetryTeardown(ID, 2, ALICE))
                    .expectException(ConflictException.class)
                    .expectNoEvents();
        }

        @Test
        void aRetryAlreadyAskedForConflicts() {
            fixture.given(events(tornDownOnce(BROKE), new TeardownRetryRequested(ID, 2, ALICE, EARLIER)))
                    .when(new RetryTeardown(ID, 2, ALICE))
                    .expectException(ConflictException.class)
                    .expectNoEvents();
        }

        @Test
        void aTaskTheInstanceNeverHadIsInvalid() {
            fixture.given(tornDownOnce(BROKE))
                    .when(new RetryTeardown(ID, 9, ALICE))
                    .expectException(invalidField("task"))
                    .expectNoEvents();
        }
    }
}
