package dev.junction.command.instance;

import dev.junction.api.error.ConflictException;
import dev.junction.api.instance.InstanceCommands.Accepted;
import dev.junction.api.instance.InstanceCommands.ProvisionInstance;
import dev.junction.api.instance.InstanceEvents.InstanceDeprovisioned;
import dev.junction.api.instance.InstanceEvents.ProvisionFailed;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.InstanceEvents.StepFailed;
import dev.junction.api.instance.Step;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.junction.api.testing.Json.invalidField;
import static dev.junction.api.testing.Json.obj;
import static dev.junction.command.instance.InstanceFixtures.*;

/** The rules of a provision, one fixture scenario each. */
class ProvisionRulesTest {

    private AggregateTestFixture<ServiceInstance> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture();
    }

    private static ProvisionInstance provision(String planId, String parameters) {
        return new ProvisionInstance(ID, SVC, planId, parameters == null ? null : obj(parameters), null, ALICE);
    }

    @Test
    void aNewInstanceOpensTaskOneWithTheUsersParametersOverTheOperatorsInputs() {
        fixture.givenNoPriorActivity()
                .when(provision("small", "{'size':'m','replicas':3}"))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(new Accepted(1, false))
                .expectEvents(new ProvisionRequested(ID, SVC, "small", obj("{'size':'m','replicas':3}"),
                        obj("{'size':'m','region':'eu','replicas':3}"), null, 1, ALICE, NOW));
    }

    @Test
    void aFixedInputKeepsTheOperatorsValue() {
        fixture.givenNoPriorActivity()
                .when(provision("small", "{'region':'us'}"))
                .expectEvents(new ProvisionRequested(ID, SVC, "small", obj("{'region':'us'}"),
                        obj("{'size':'s','region':'eu'}"), null, 1, ALICE, NOW));
    }

    @Test
    void anUnknownServiceIsInvalidAndNamed() {
        fixture.givenNoPriorActivity()
                .when(new ProvisionInstance(ID, "nope", "small", null, null, ALICE))
                .expectException(invalidField("service_id"))
                .expectNoEvents();
    }

    @Test
    void anUnknownPlanIsInvalidAndNamed() {
        fixture.givenNoPriorActivity()
                .when(provision("huge", null))
                .expectException(invalidField("plan_id"))
                .expectNoEvents();
    }

    @Test
    void aPlanOfAnotherServiceIsUnknown() {
        fixture.givenNoPriorActivity()
                .when(provision("x", null))
                .expectException(invalidField("plan_id"))
                .expectNoEvents();
    }

    @Test
    void parametersAgainstThePlansSchemaAreRefusedNamingTheField() {
        fixture.givenNoPriorActivity()
                .when(provision("small", "{'replicas':9}"))
                .expectException(invalidField("parameters.replicas"))
                .expectNoEvents();
    }

    @Test
    void anIdenticalRepeatWhileProvisioningAnswersTaskOneRunning() {
        fixture.given(provisionRequested("small", "{'size':'m'}"))
                .when(provision("small", "{'size':'m'}"))
                .expectResultMessagePayload(new Accepted(1, false))
                .expectNoEvents();
    }

    @Test
    void anIdenticalRepeatAfterTheProvisionAnswersTaskOneDone() {
        fixture.given(provisioned())
                .when(provision("small", "{'size':'m'}"))
                .expectResultMessagePayload(new Accepted(1, true))
                .expectNoEvents();
    }

    @Test
    void anIdenticalRepeatOfAFailedProvisionIsNotDone() {
        fixture.given(provisionRequested("small", "{'size':'m'}"),
                        new StepFailed(ID, 1, Step.SETUP, 1, 2, "no", EARLIER),
                        new ProvisionFailed(ID, 1, "backend setup failed: no", EARLIER))
                .when(provision("small", "{'size':'m'}"))
                .expectResultMessagePayload(new Accepted(1, false))
                .expectNoEvents();
    }

    @Test
    void absentAndEmptyParametersAreTheSameRequest() {
        fixture.given(provisionRequested("small", null))
                .when(provision("small", "{}"))
                .expectResultMessagePayload(new Accepted(1, false))
                .expectNoEvents();
    }

    @Test
    void theSameIdWithOtherParametersConflicts() {
        fixture.given(provisioned())
                .when(provision("small", "{'size':'l'}"))
                .expectException(ConflictException.class)
                .expectNoEvents();
    }

    @Test
    void theSameIdWithAnotherPlanConflicts() {
        fixture.given(provisioned())
                .when(provision("large", "{'size':'m'}"))
                .expectException(ConflictException.class)
                .expectNoEvents();
    }

    @Test
    void theSameIdWithAnotherContextConflicts() {
        fixture.given(provisioned())
                .when(new ProvisionInstance(ID, SVC, "small", obj("{'size':'m'}"), obj("{'platform':'cf'}"), ALICE))
                .expectException(ConflictException.class)
                .expectNoEvents();
    }

    @Test
    void theIdOfADeprovisionedInstanceCannotBeProvisionedAgain() {
        fixture.given(events(provisioned(), deprovisionRequested(2),
                        ran(2, new InstanceDeprovisioned(ID, 2, EARLIER))))
                .when(provision("small", "{'size':'m'}"))
                .expectException(ConflictException.class)
                .expectNoEvents();
    }

    @Test
    void tooManyParameterKeysAreRefusedBeforeAnythingElse() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i <= InputMerge.MAX_KEYS; i++) {
            many.append(i == 0 ? "" : ",").append("'k").append(i).append("':1");
        }
        fixture.givenNoPriorActivity()
                .when(provision("small", many.append('}').toString()))
                .expectException(invalidField("parameters"))
                .expectNoEvents();
    }
}
