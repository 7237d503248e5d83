package dev.junction.command.instance;

import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.OperationInProgressException;
import dev.junction.api.instance.InstanceCommands.Accepted;
import dev.junction.api.instance.InstanceCommands.BindInstance;
import dev.junction.api.instance.InstanceCommands.DeprovisionInstance;
import dev.junction.api.instance.InstanceCommands.ProvisionInstance;
import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceCommands.UpdateInstance;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.DeprovisionFailed;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.InstanceBound;
import dev.junction.api.instance.InstanceEvents.InstanceProvisioned;
import dev.junction.api.instance.InstanceEvents.PollingDeadlineSet;
import dev.junction.api.instance.InstanceEvents.ProvisionFailed;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.UpdateFailed;
import dev.junction.api.instance.InstanceEvents.UpdateRequested;
import dev.junction.api.instance.MaintenanceInfo;
import dev.junction.api.instance.MaintenanceInfoConflictException;
import dev.junction.api.instance.Step;
import dev.junction.api.instance.StepOutcome;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.junction.api.testing.Json.invalidField;
import static dev.junction.api.testing.Json.obj;
import static dev.junction.command.instance.InstanceFixtures.*;

/**
 * The OSB 2.17 rules beyond the basic lifecycle: maintenance_info (provision, upgrade), binding rotation,
 * a deprovision that overtakes a running provision, and the plan's maximum_polling_duration.
 */
class OsbSpecRulesTest {

    private static final MaintenanceInfo V1 = new MaintenanceInfo("1.0.0", "stencil Dummy 1.0.0");
    private static final Instant DEADLINE = NOW.plusSeconds(600);

    private AggregateTestFixture<ServiceInstance> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    private static ProvisionRequested versionedRequested(MaintenanceInfo info) {
        return new ProvisionRequested(ID, SVC, "versioned", null, obj("{}"), null, 1, ALICE, EARLIER, info);
    }

    /** Provisioned on the versioned plan when its stencil was at 1.0.0; task 1 done. */
    private static List<Object> provisionedAtV1() {
        return events(versionedRequested(V1), ran(1, new InstanceProvisioned(ID, 1, List.of(), EARLIER)));
    }

    @Test
    void aProvisionRecordsThePlansMaintenanceInfoAndItsPollingDeadline() {
        fixture.givenNoPriorActivity()
                .when(new ProvisionInstance(ID, SVC, "versioned", null, null, ALICE, V2))
                .expectResultMessagePayload(new Accepted(1, false))
                .expectEvents(new ProvisionRequested(ID, SVC, "versioned", null, obj("{}"), null, 1, ALICE, NOW, V2),
                        new PollingDeadlineSet(ID, 1, DEADLINE, NOW));
    }

    @Test
    void aProvisionWithAnotherMaintenanceVersionConflicts() {
        fixture.givenNoPriorActivity()
                .when(new ProvisionInstance(ID, SVC, "versioned", null, null, ALICE, V1))
                .expectException(MaintenanceInfoConflictException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("2.0.0"))
                .expectNoEvents();
    }

    @Test
    void maintenanceInfoForAPlanWithoutOneConflicts() {
        fixture.givenNoPriorActivity()
                .when(new ProvisionInstance(ID, SVC, "small", null, null, ALICE, V2))
                .expectException(MaintenanceInfoConflictException.class)
                .expectNoEvents();
    }

    @Test
    void anUpdateToThePlansNewerMaintenanceInfoIsAnUpgrade() {
        fixture.given(provisionedAtV1())
                .when(new UpdateInstance(ID, SVC, null, null, ALICE, V2))
                .expectResultMessagePayload(new Accepted(2, false))
                .expectEvents(new UpdateRequested(ID, "versioned", null, obj("{}"), 2, ALICE, NOW, V2),
                        new PollingDeadlineSet(ID, 2, DEADLINE, NOW));
    }

    @Test
    void anUpdateWithAStaleOrUnknownMaintenanceInfoConflicts() {
        for (MaintenanceInfo asked : List.of(V1, new MaintenanceInfo("3.0.0", null))) {
            fixture = fixture();
            fixture.given(provisionedAtV1())
                    .when(new UpdateInstance(ID, SVC, null, null, ALICE, asked))
                    .expectException(MaintenanceInfoConflictException.class)
                    .expectNoEvents();
        }
    }

    @Test
    void aRotationNamesABoundBindingOfTheInstance() {
        fixture.given(events(provisionedAtV1(), new BindRequested(ID, "old", null, null, 2, ALICE, EARLIER),
                        ran(2, new InstanceBound(ID, "old", 2, "sealed:old", EARLIER))))
                .when(new BindInstance(ID, "new", SVC, "versioned", null, null, ALICE, "old"))
                .expectResultMessagePayload(new Accepted(3, false))
                .expectEvents(new BindRequested(ID, "new", obj("{}"), obj("{}"), 3, ALICE, NOW, "old"),
                        new PollingDeadlineSet(ID, 3, DEADLINE, NOW));
    }

    @Test
    void aRotationSendingOnlyThePredecessorCarriesItsParametersAndContextOver() {
        fixture.given(events(provisionedAtV1(), new BindRequested(ID, "old", obj("{'size':'s'}"),
                        obj("{'platform':'cf'}"), 2, ALICE, EARLIER), ran(2, new InstanceBound(ID, "old", 2, "sealed:old",
                        EARLIER))))
                .when(new BindInstance(ID, "new", null, null, null, null, ALICE, "old"))
                .expectResultMessagePayload(new Accepted(3, false))
                .expectEvents(new BindRequested(ID, "new", obj("{'size':'s'}"), obj("{'platform':'cf'}"), 3, ALICE,
                        NOW, "old"), new PollingDeadlineSet(ID, 3, DEADLINE, NOW));
    }

    @Test
    void theSameRotationRepeatedAnswersItsTask() {
        fixture.given(events(provisionedAtV1(), new BindRequested(ID, "old", obj("{'size':'s'}"), null, 2, ALICE,
                        EARLIER), ran(2, new InstanceBound(ID, "old", 2, "sealed:old", EARLIER)),
                        new BindRequested(ID, "new", obj("{'size':'s'}"), null, 3, ALICE, EARLIER, "old")))
                .when(new BindInstance(ID, "new", null, null, null, null, ALICE, "old"))
                .expectResultMessagePayload(new Accepted(3, false))
                .expectNoEvents();
    }

    @Test
    void aRotationOfExpiredCredentialsIsRefused() {
        fixture.given(events(provisionedAtV1(), new BindRequested(ID, "old", null, null, 2, ALICE, EARLIER),
                        ran(2, new InstanceBound(ID, "old", 2, "sealed:old", EARLIER, NOW.minusSeconds(1)))))
                .when(new BindInstance(ID, "new", SVC, "versioned", null, null, ALICE, "old"))
                .expectException(invalidField("predecessor_binding_id"))
                .expectNoEvents();
    }

    @Test
    void aRotationOfAnUnknownOrUnboundBindingIsRefusedNamingTheField() {
        fixture.given(events(provisionedAtV1(), new BindRequested(ID, "failed", null, null, 2, ALICE, EARLIER),
                        ok(2, Step.SETUP), new StepFailed(ID, 2, Step.STENCIL, 1, 1, "no", EARLIER),
                        new dev.junction.api.instance.InstanceEvents.BindFailed(ID, "failed", 2, "no", EARLIER),
                        ok(2, Step.TEARDOWN)))
                .when(new BindInstance(ID, "new", SVC, "versioned", null, null, ALICE, "failed"))
                .expectException(invalidField("predecessor_binding_id"))
                .expectNoEvents();
        fixture = fixture();
        fixture.given(provisionedAtV1())
                .when(new BindInstance(ID, "new", SVC, "versioned", null, null, ALICE, "nobody"))
                .expectException(invalidField("predecessor_binding_id"))
                .expectNoEvents();
    }

    @Test
    void aPlanWithoutRotationRefusesAPredecessor() {
        fixture.given(bound("old"))
                .when(new BindInstance(ID, "new", SVC, "small", null, null, ALICE, "old"))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("predecessor_binding_id"))
                .expectNoEvents();
    }

    @Test
    void aDeprovisionWhileTheProvisionRunsIsAcceptedAfterIt() {
        fixture.given(provisionRequested("small", null), ok(1, Step.SETUP))
                .when(new DeprovisionInstance(ID, SVC, "small", ALICE))
                .expectResultMessagePayload(new Accepted(2, false))
                .expectEvents(new DeprovisionRequested(ID, 2, ALICE, NOW, 1));
    }

    /** Provision task 1 overtaken by deprovision task 2 after its setup; the provision then succeeded. */
    private static List<Object> overtaken() {
        return list(provisionRequested("small", null), ok(1, Step.SETUP),
                new DeprovisionRequested(ID, 2, ALICE, EARLIER, 1), ok(1, Step.STENCIL),
                new InstanceProvisioned(ID, 1, List.of(), EARLIER));
    }

    @Test
    void theOvertakenProvisionsOutcomeLeavesTheInstanceDeprovisioning() {
        fixture.given(overtaken())
                .when(new UpdateInstance(ID, SVC, null, null, ALICE))
                .expectException(OperationInProgressException.class)
                .expectNoEvents();
    }

    @Test
    void aRepeatedDeprovisionAnswersTheWaitingTask() {
        fixture.given(overtaken())
                .when(new DeprovisionInstance(ID, SVC, "small", ALICE))
                .expectResultMessagePayload(new Accepted(2, false))
                .expectNoEvents();
    }

    @Test
    void aFailedDeprovisionReturnsToWhatTheOvertakenProvisionCameTo() {
        fixture.given(events(overtaken(), ok(1, Step.TEARDOWN), ok(2, Step.SETUP),
                        new StepFailed(ID, 2, Step.STENCIL, 1, 1, "no", EARLIER),
                        new DeprovisionFailed(ID, 2, "no", EARLIER)))
                .when(new UpdateInstance(ID, SVC, null, null, ALICE))
                .expectResultMessagePayload(new Accepted(3, false)); // usable: the provision had succeeded
    }

    @Test
    void aFailedDeprovisionOfAnOvertakenFailedProvisionLeavesItFailed() {
        fixture.given(provisionRequested("small", null), ok(1, Step.SETUP),
                        new DeprovisionRequested(ID, 2, ALICE, EARLIER, 1),
                        new StepFailed(ID, 1, Step.STENCIL, 1, -1, "not run: a deprovision was requested", EARLIER),
                        new ProvisionFailed(ID, 1, "not run: a deprovision was requested", EARLIER),
                        ok(1, Step.TEARDOWN), ok(2, Step.SETUP), new StepFailed(ID, 2, Step.STENCIL, 1, 1, "no", EARLIER),
                        new DeprovisionFailed(ID, 2, "no", EARLIER))
                .when(new UpdateInstance(ID, SVC, null, null, ALICE))
                .expectException(invalidField("instance_id"))
                .expectNoEvents();
    }

    @Test
    void anUpdatePastItsPollingDeadlineFailsAndTheInstanceStaysUsable() {
        fixture.given(events(provisionedAtV1(), new UpdateRequested(ID, "versioned", null, obj("{}"), 2, ALICE,
                        EARLIER, V2), new PollingDeadlineSet(ID, 2, DEADLINE, EARLIER), ok(2, Step.SETUP)))
                .when(new RecordStep(ID, 2, Step.STENCIL, 1, StepOutcome.failure(-1,
                        "exceeded maximum_polling_duration")))
                .expectEvents(new StepFailed(ID, 2, Step.STENCIL, 1, -1, "exceeded maximum_polling_duration", NOW),
                        new UpdateFailed(ID, 2, "exceeded maximum_polling_duration", NOW));
    }

    @Test
    void aProvisionPastItsPollingDeadlineFails() {
        fixture.given(versionedRequested(V2), new PollingDeadlineSet(ID, 1, DEADLINE, EARLIER))
                .when(new RecordStep(ID, 1, Step.SETUP, 1, StepOutcome.failure(-1, "exceeded maximum_polling_duration")))
                .expectEvents(new StepFailed(ID, 1, Step.SETUP, 1, -1, "exceeded maximum_polling_duration", NOW),
                        new ProvisionFailed(ID, 1, "backend setup failed: exceeded maximum_polling_duration", NOW));
    }
}
