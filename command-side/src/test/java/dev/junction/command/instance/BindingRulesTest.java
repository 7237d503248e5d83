package dev.junction.command.instance;

import dev.junction.api.error.ConflictException;
import dev.junction.api.error.GoneException;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.error.OperationInProgressException;
import dev.junction.api.instance.InstanceCommands.Accepted;
import dev.junction.api.instance.InstanceCommands.BindInstance;
import dev.junction.api.instance.InstanceCommands.UnbindInstance;
import dev.junction.api.instance.InstanceEvents.BindFailed;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.InstanceDeprovisioned;
import dev.junction.api.instance.InstanceEvents.InstanceProvisioned;
import dev.junction.api.instance.InstanceEvents.InstanceUnbound;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.InstanceEvents.UnbindFailed;
import dev.junction.api.instance.InstanceEvents.UnbindRequested;
import dev.junction.api.instance.Step;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.junction.api.testing.Json.invalidField;
import static dev.junction.api.testing.Json.obj;
import static dev.junction.command.instance.InstanceFixtures.*;

/** The rules of binding and unbinding, one fixture scenario each. */
class BindingRulesTest {

    private AggregateTestFixture<ServiceInstance> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    private static BindInstance bind(String bindingId, String parameters) {
        return new BindInstance(ID, bindingId, SVC, "small", parameters == null ? null : obj(parameters), null, ALICE);
    }

    private static UnbindInstance unbind(String bindingId) {
        return new UnbindInstance(ID, bindingId, SVC, "small", ALICE);
    }

    @Nested
    class Bind {

        @Test
        void aNewBindingOpensTheNextTask() {
            fixture.given(provisioned())
                    .when(bind("b1", "{'role':'reader'}"))
                    .expectResultMessagePayload(new Accepted(2, false))
                    .expectEvents(new BindRequested(ID, "b1", obj("{'role':'reader'}"), null, 2, ALICE, NOW));
        }

        @Test
        void aBusyInstanceRefusesWithOperationInProgress() {
            fixture.given(events(provisioned(), bindRequested("b1", 2)))
                    .when(bind("b2", null))
                    .expectException(OperationInProgressException.class)
                    .expectNoEvents();
        }

        @Test
        void anIdenticalRepeatWhileBindingAnswersItsTaskRunning() {
            fixture.given(events(provisioned(), bindRequested("b1", 2)))
                    .when(bind("b1", null))
                    .expectResultMessagePayload(new Accepted(2, false))
                    .expectNoEvents();
        }

        @Test
        void anIdenticalRepeatOnceBoundAnswersItsTaskDoneWithItsSealedCredentials() {
            fixture.given(bound("b1"))
                    .when(bind("b1", "{}"))
                    .expectResultMessagePayload(new Accepted(2, true, "sealed:creds"))
                    .expectNoEvents();
        }

        @Test
        void theSameBindingIdWithOtherParametersConflicts() {
            fixture.given(bound("b1"))
                    .when(bind("b1", "{'role':'admin'}"))
                    .expectException(ConflictException.class)
                    .expectNoEvents();
        }

        @Test
        void theIdOfAnUnboundBindingConflicts() {
            fixture.given(events(bound("b1"), unbindRequested("b1", 3), ran(3, new InstanceUnbound(ID, "b1", 3, EARLIER))))
                    .when(bind("b1", null))
                    .expectException(ConflictException.class)
                    .expectNoEvents();
        }

        @Test
        void aPlanThatIsNotBindableIsInvalid() {
            fixture.given(events(provisionRequested("large", null), ran(1, new InstanceProvisioned(ID, 1, List.of(),
                            EARLIER))))
                    .when(new BindInstance(ID, "b1", SVC, "large", null, null, ALICE))
                    .expectException(invalidField("plan_id"))
                    .expectNoEvents();
        }

        @Test
        void anotherPlanThanTheInstancesIsInvalid() {
            fixture.given(provisioned())
                    .when(new BindInstance(ID, "b1", SVC, "large", null, null, ALICE))
                    .expectException(invalidField("plan_id"))
                    .expectNoEvents();
        }

        @Test
        void aDeprovisionedInstanceIsNotFound() {
            fixture.given(events(provisioned(), deprovisionRequested(2), ran(2, new InstanceDeprovisioned(ID, 2,
                            EARLIER))))
                    .when(bind("b1", null))
                    .expectException(NotFoundException.class)
                    .expectNoEvents();
        }

        @Test
        void anUnknownInstanceIsNotFound() {
            fixture.givenNoPriorActivity()
                    .when(bind("b1", null))
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
        }

        @Test
        void tooDeepParametersAreRefused() {
            String deep = "{'a':".repeat(InputMerge.MAX_DEPTH + 1) + "1" + "}".repeat(InputMerge.MAX_DEPTH + 1);
            fixture.given(provisioned())
                    .when(bind("b1", deep))
                    .expectException(invalidField("parameters"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Unbind {

        @Test
        void aBoundBindingOfAQuietInstanceIsUnbound() {
            fixture.given(bound("b1"))
                    .when(unbind("b1"))
                    .expectResultMessagePayload(new Accepted(3, false))
                    .expectEvents(new UnbindRequested(ID, "b1", 3, ALICE, NOW));
        }

        @Test
        void anUnknownBindingIsGone() {
            fixture.given(bound("b1"))
                    .when(unbind("b2"))
                    .expectException(GoneException.class)
                    .expectNoEvents();
        }

        @Test
        void anUnboundBindingIsGone() {
            fixture.given(events(bound("b1"), unbindRequested("b1", 3), ran(3, new InstanceUnbound(ID, "b1", 3, EARLIER))))
                    .when(unbind("b1"))
                    .expectException(GoneException.class)
                    .expectNoEvents();
        }

        @Test
        void aFailedBindingIsGone() {
            fixture.given(events(provisioned(), bindRequested("b1", 2), ok(2, Step.SETUP),
                            new StepFailed(ID, 2, Step.STENCIL, 1, 1, "no", EARLIER),
                            new BindFailed(ID, "b1", 2, "no", EARLIER)))
                    .when(unbind("b1"))
                    .expectException(GoneException.class)
                    .expectNoEvents();
        }

        @Test
        void aBindingBeingUnboundAnswersItsTaskRunning() {
            fixture.given(events(bound("b1"), unbindRequested("b1", 3)))
                    .when(unbind("b1"))
                    .expectResultMessagePayload(new Accepted(3, false))
                    .expectNoEvents();
        }

        @Test
        void aBusyInstanceRefusesWithOperationInProgress() {
            fixture.given(events(bound("b1"), updateRequested(3, "small", "{}")))
                    .when(unbind("b1"))
                    .expectException(OperationInProgressException.class)
                    .expectNoEvents();
        }

        @Test
        void aFailedUnbindLeavesTheBindingBound() {
            fixture.given(events(bound("b1"), unbindRequested("b1", 3), ok(3, Step.SETUP),
                            new StepFailed(ID, 3, Step.STENCIL, 1, 1, "no", EARLIER),
                            new UnbindFailed(ID, "b1", 3, "no", EARLIER)))
                    .when(unbind("b1"))
                    .expectResultMessagePayload(new Accepted(4, false))
                    .expectEvents(new UnbindRequested(ID, "b1", 4, ALICE, NOW));
        }

        @Test
        void anUnknownInstanceIsGone() {
            fixture.givenNoPriorActivity()
                    .when(unbind("b1"))
                    .expectException(GoneException.class)
                    .expectNoEvents();
        }
    }
}
