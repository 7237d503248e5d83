package dev.junction.command.instance;

import dev.junction.api.error.NotFoundException;
import dev.junction.api.error.OperationInProgressException;
import dev.junction.api.error.UnsupportedChangeException;
import dev.junction.api.instance.InstanceCommands.Accepted;
import dev.junction.api.instance.InstanceCommands.UpdateInstance;
import dev.junction.api.instance.InstanceEvents.InstanceDeprovisioned;
import dev.junction.api.instance.InstanceEvents.InstanceProvisioned;
import dev.junction.api.instance.InstanceEvents.InstanceUpdated;
import dev.junction.api.instance.InstanceEvents.ProvisionFailed;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.UpdateFailed;
import dev.junction.api.instance.InstanceEvents.UpdateRequested;
import dev.junction.api.instance.Step;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.junction.api.testing.Json.invalidField;
import static dev.junction.api.testing.Json.obj;
import static dev.junction.command.instance.InstanceFixtures.*;

/** The rules of an update, one fixture scenario each. */
class UpdateRulesTest {

    private AggregateTestFixture<ServiceInstance> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    private static UpdateInstance update(String planId, String parameters) {
        return new UpdateInstance(ID, SVC, planId, parameters == null ? null : obj(parameters), ALICE);
    }

    @Test
    void newParametersAreMergedAgainAndOpenTheNextTask() {
        fixture.given(provisioned())
                .when(update(null, "{'replicas':2}"))
                .expectResultMessagePayload(new Accepted(2, false))
                .expectEvents(new UpdateRequested(ID, "small", obj("{'replicas':2}"),
                        obj("{'size':'s','region':'eu','replicas':2}"), 2, ALICE, NOW));
    }

    @Test
    void absentParametersKeepThePreviousOnes() {
        fixture.given(provisioned())
                .when(update("large", null))
                .expectEvents(new UpdateRequested(ID, "large", obj("{'size':'m'}"), obj("{'size':'m'}"), 2, ALICE,
                        NOW));
    }

    @Test
    void theUpdatedParametersAreValidatedAgainstThePlansSchema() {
        fixture.given(provisioned())
                .when(update(null, "{'replicas':6}"))
                .expectException(invalidField("parameters.replicas"))
                .expectNoEvents();
    }

    @Test
    void aBusyInstanceRefusesWithOperationInProgress() {
        fixture.given(provisionRequested("small", null))
                .when(update(null, "{'replicas':2}"))
                .expectException(OperationInProgressException.class)
                .expectNoEvents();
    }

    @Test
    void anUnknownInstanceIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(update(null, "{'replicas':2}"))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void aDeprovisionedInstanceIsNotFound() {
        fixture.given(events(provisioned(), deprovisionRequested(2), ran(2, new InstanceDeprovisioned(ID, 2, EARLIER))))
                .when(update(null, "{'replicas':2}"))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void aFailedInstanceIsInvalidInputNamingTheInstance() {
        fixture.given(provisionRequested("small", null), new StepFailed(ID, 1, Step.STENCIL, 1, 1, "no", EARLIER),
                        new ProvisionFailed(ID, 1, "no", EARLIER))
                .when(update(null, "{'replicas':2}"))
                .expectException(invalidField("instance_id"))
                .expectNoEvents();
    }

    @Test
    void aPlanThatDoesNotAllowChangesKeepsItsInstances() {
        fixture.given(events(provisionRequested("large", null), ran(1, new InstanceProvisioned(ID, 1, List.of(), EARLIER))))
                .when(update("small", null))
                .expectException(UnsupportedChangeException.class)
                .expectNoEvents();
    }

    @Test
    void theSameUpdateSentAgainWhileItRunsAnswersItsTask() {
        fixture.given(provisioned())
                .andGivenCommands(update(null, "{'replicas':2}"))
                .when(update(null, "{'replicas':2}"))
                .expectResultMessagePayload(new Accepted(2, false))
                .expectNoEvents();
    }

    @Test
    void anotherUpdateWhileOneRunsIsRefused() {
        fixture.given(provisioned())
                .andGivenCommands(update(null, "{'replicas':2}"))
                .when(update(null, "{'replicas':3}"))
                .expectException(OperationInProgressException.class)
                .expectNoEvents();
    }

    @Test
    void aPlanOfAnotherServiceIsInvalid() {
        fixture.given(provisioned())
                .when(update("x", null))
                .expectException(invalidField("plan_id"))
                .expectNoEvents();
    }

    @Test
    void anotherServiceIsInvalid() {
        fixture.given(provisioned())
                .when(new UpdateInstance(ID, "other", null, null, ALICE))
                .expectException(invalidField("service_id"))
                .expectNoEvents();
    }

    @Test
    void aSucceededUpdateMovesThePlanAndParameters() {
        // the next update without parameters merges the ones the last update set, on its plan
        fixture.given(events(provisioned(), updateRequested(2, "large", "{'replicas':1}"),
                        ran(2, new InstanceUpdated(ID, 2, "large", List.of(), EARLIER))))
                .when(update(null, null))
                .expectEvents(new UpdateRequested(ID, "large", obj("{'replicas':1}"),
                        obj("{'size':'l','replicas':1}"), 3, ALICE, NOW));
    }

    @Test
    void aFailedUpdateKeepsThePreviousPlanAndParameters() {
        fixture.given(events(provisioned(), updateRequested(2, "large", "{'replicas':1}"),
                        ok(2, Step.SETUP), new StepFailed(ID, 2, Step.STENCIL, 1, 1, "no", EARLIER),
                        new UpdateFailed(ID, 2, "no", EARLIER)))
                .when(update(null, null))
                .expectEvents(new UpdateRequested(ID, "small", obj("{'size':'m'}"), obj("{'size':'m','region':'eu'}"),
                        3, ALICE, NOW));
    }
}
