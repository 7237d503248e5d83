package dev.junction.command.instance;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.ChangedMeanwhileException;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.instance.InstanceStreams;
import dev.junction.api.instance.InstanceCommands.BindInstance;
import dev.junction.api.instance.InstanceCommands.ProvisionInstance;
import dev.junction.api.instance.InstanceCommands.UpdateInstance;
import dev.junction.command.schema.TestSchemaValidators;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static dev.junction.api.testing.Json.obj;
import static dev.junction.command.instance.InstanceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks of {@link InstanceInputValidation}, run as the command bus runs them, before the handler. */
class InstanceInputValidationTest {

    private EmbeddedEventStore store;
    private InstanceInputValidation validation;

    @BeforeEach
    void setUp() {
        store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        validation = new InstanceInputValidation(TestSchemaValidators.validator(), CATALOG, store);
    }

    /** Runs the interceptor around {@code handler}; answers whether the handler was reached. */
    private boolean intercept(Object command, Runnable handler) throws Exception {
        AtomicBoolean reached = new AtomicBoolean();
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(GenericCommandMessage.asCommandMessage(command));
        InterceptorChain chain = () -> {
            handler.run();
            reached.set(true);
            return null;
        };
        try {
            validation.handle((DefaultUnitOfWork) unitOfWork, chain);
        } finally {
            unitOfWork.rollback();
        }
        return reached.get();
    }

    private boolean intercept(Object command) throws Exception {
        return intercept(command, () -> { });
    }

    private static ProvisionInstance provision(String planId, String parameters) {
        return new ProvisionInstance(ID, SVC, planId, obj(parameters), null, ALICE);
    }

    @Test
    void everyFailingParameterIsNamedAndTheCommandGoesNoFurther() {
        assertThatThrownBy(() -> intercept(provision("small", "{'size':1,'replicas':9}")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("parameters.replicas", "parameters.size"));
    }

    @Test
    void validParametersPass() throws Exception {
        assertThat(intercept(provision("small", "{'size':'m','replicas':5}"))).isTrue();
    }

    @Test
    void theMergedInputsAreChecked() throws Exception {
        // region is fixed by the operator: the user's invalid value never reaches the stencil, so it is no error
        assertThat(intercept(provision("small", "{'region':7}"))).isTrue();
    }

    @Test
    void anUnknownPlanIsLeftToTheInstance() throws Exception {
        assertThat(intercept(provision("huge", "{'replicas':'many'}"))).isTrue();
    }

    @Test
    void aBindingsParametersAreOnlyBounded() throws Exception {
        assertThat(intercept(new BindInstance(ID, "b1", SVC, "small", obj("{'replicas':9}"), null, ALICE))).isTrue();
    }

    @Test
    void aContextWithTooManyKeysIsRefused() {
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i <= InputMerge.MAX_KEYS; i++) {
            context.put("k" + i, i);
        }
        assertThatThrownBy(() -> intercept(new ProvisionInstance(ID, SVC, "small", null, context, ALICE)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("context"));
    }

    @Test
    void anUpdateIsCheckedOnTheInstancesCommittedPlanAndParameters() {
        store.publish(new GenericDomainEventMessage<>("ServiceInstance", InstanceStreams.of(ID), 0,
                provisionRequested("small", "{'replicas':2}")));
        // the instance's plan is small, whose schema caps replicas at 5
        assertThatThrownBy(() -> intercept(new UpdateInstance(ID, SVC, null, obj("{'replicas':6}"), ALICE)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("parameters.replicas"));
    }

    @Test
    void theInstanceConfirmsTheInputsCheckedOrTheCommandIsRefusedAsChanged() throws Exception {
        store.publish(new GenericDomainEventMessage<>("ServiceInstance", InstanceStreams.of(ID), 0, provisionRequested("small", "{}")));
        UpdateInstance update = new UpdateInstance(ID, SVC, null, obj("{'replicas':2}"), ALICE);

        assertThat(intercept(update, () -> validation.confirm(ID, obj("{'size':'s','region':'eu','replicas':2}"))))
                .isTrue();
        assertThatThrownBy(() -> intercept(update, () -> validation.confirm(ID, obj("{'size':'l','replicas':2}"))))
                .isInstanceOf(ChangedMeanwhileException.class);
    }
}
