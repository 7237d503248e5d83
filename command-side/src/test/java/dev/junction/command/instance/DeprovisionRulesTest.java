package dev.junction.command.instance;

import dev.junction.api.error.ConflictException;
import dev.junction.api.error.GoneException;
import dev.junction.api.error.OperationInProgressException;
import dev.junction.api.instance.InstanceCommands.Accepted;
import dev.junction.api.instance.InstanceCommands.BindInstance;
import dev.junction.api.instance.InstanceCommands.DeprovisionInstance;
import dev.junction.api.instance.InstanceCommands.PurgeInstance;
import dev.junction.api.instance.InstanceCommands.UpdateInstance;
import dev.junction.api.instance.InstanceEvents.DeprovisionFailed;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.InstanceDeprovisioned;
import dev.junction.api.instance.InstanceEvents.InstancePurged;
import dev.junction.api.instance.InstanceEvents.ProvisionFailed;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.Step;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.junction.api.testing.Json.invalidField;
import static dev.junction.command.instance.InstanceFixtures.*;

/** The rules of deprovisioning and purging, one fixture scenario each. */
class DeprovisionRulesTest {

    private static final DeprovisionInstance DEPROVISION = new DeprovisionInstance(ID, SVC, "small", ALICE);
    private static final PurgeInstance PURGE = new PurgeInstance(ID, ALICE);

    private AggregateTestFixture<ServiceInstance> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    private static List<Object> failed() {
        return list(provisionRequested("small", null), new StepFailed(ID, 1, Step.SETUP, 1, 1, "no", EARLIER),
                new ProvisionFailed(ID, 1, "backend setup failed: no", EARLIER));
    }

    private static List<Object> deprovisioned() {
        return events(provisioned(), deprovisionRequested(2), ran(2, new InstanceDeprovisioned(ID, 2, EARLIER)));
    }

    @Test
    void aQuietInstanceIsDeprovisioned() {
        fixture.given(provisioned())
                .when(DEPROVISION)
                .expectResultMessagePayload(new Accepted(2, false))
                .expectEvents(new DeprovisionRequested(ID, 2, ALICE, NOW));
    }

    @Test
    void aFailedInstanceIsDeprovisioned() {
        fixture.given(failed())
                .when(DEPROVISION)
                .expectResultMessagePayload(new Accepted(2, false))
                .expectEvents(new DeprovisionRequested(ID, 2, ALICE, NOW));
    }

    @Test
    void aDeprovisionedInstanceIsGone() {
        fixture.given(deprovisioned())
                .when(DEPROVISION)
                .expectException(GoneException.class)
                .expectNoEvents();
    }

    @Test
    void anUnknownInstanceIsGone() {
        fixture.givenNoPriorActivity()
                .when(DEPROVISION)
                .expectException(GoneException.class)
                .expectNoEvents();
    }

    @Test
    void aRepeatWhileDeprovisioningAnswersItsTaskRunning() {
        fixture.given(events(provisioned(), deprovisionRequested(2)))
                .when(DEPROVISION)
                .expectResultMessagePayload(new Accepted(2, false))
                .expectNoEvents();
    }

    @Test
    void anotherRunningOperationRefusesWithOperationInProgress() {
        fixture.given(events(provisioned(), bindRequested("b1", 2)))
                .when(DEPROVISION)
                .expectException(OperationInProgressException.class)
                .expectNoEvents();
    }

    @Test
    void aFailedDeprovisionLeavesTheInstanceUsable() {
        fixture.given(events(provisioned(), deprovisionRequested(2), ok(2, Step.SETUP),
                        new StepFailed(ID, 2, Step.STENCIL, 1, 1, "no", EARLIER), new DeprovisionFailed(ID, 2, "no", EARLIER)))
                .when(new BindInstance(ID, "b1", SVC, "small", null, null,
                        ALICE))
                .expectResultMessagePayload(new Accepted(3, false));
    }

    @Test
    void aFailedDeprovisionOfAFailedInstanceLeavesItFailed() {
        fixture.given(events(failed(), deprovisionRequested(2), ok(2, Step.SETUP),
                        new StepFailed(ID, 2, Step.STENCIL, 1, 1, "no", EARLIER), new DeprovisionFailed(ID, 2, "no", EARLIER)))
                .when(new UpdateInstance(ID, SVC, null, null, ALICE))
                .expectException(invalidField("instance_id"))
                .expectNoEvents();
    }

    @Test
    void aDeprovisionedInstanceIsPurged() {
        fixture.given(deprovisioned())
                .when(PURGE)
                .expectEvents(new InstancePurged(ID, ALICE, NOW));
    }

    @Test
    void aFailedInstanceIsPurged() {
        fixture.given(failed())
                .when(PURGE)
                .expectEvents(new InstancePurged(ID, ALICE, NOW));
    }

    @Test
    void purgingAgainChangesNothing() {
        fixture.given(events(deprovisioned(), new InstancePurged(ID, ALICE, EARLIER)))
                .when(PURGE)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aLiveInstanceCannotBePurged() {
        fixture.given(provisioned())
                .when(PURGE)
                .expectException(ConflictException.class)
                .expectNoEvents();
    }
}
