package dev.junction.command.instance;

import dev.junction.api.error.LimitReachedException;
import dev.junction.api.instance.InstanceCommands.Accepted;
import dev.junction.api.instance.InstanceCommands.DeprovisionInstance;
import dev.junction.api.instance.InstanceCommands.ProvisionInstance;
import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.InstanceCommands.ReleasePlanSlots;
import dev.junction.api.instance.InstanceCommands.UpdateInstance;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.api.instance.InstanceEvents.UpdateRequested;
import dev.junction.api.instance.PlanSlotEvents.PlanSlotReleased;
import dev.junction.api.instance.PlanSlotEvents.PlanSlotTaken;
import dev.junction.api.instance.Step;
import dev.junction.api.instance.StepOutcome;
import dev.junction.command.schema.TestSchemaValidators;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.junction.command.instance.InstanceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan's {@code instanceLimit}: {@link InstanceLifecycleHandler} changes an instance and its plan's
 * {@link PlanSlots} in one unit of work. Axon's {@code AggregateTestFixture} holds the stream of one
 * aggregate only, so this test wires the real Axon pieces in memory (a command bus, an embedded event
 * store, a repository per aggregate) and keeps the given / when / expect shape: given commands, when a
 * command, expect the events it committed (or an exception and none).
 */
class PlanSlotsTest {

    private static final String LIMITED_KEY = PlanSlots.key(SVC, "limited");

    private final List<EventMessage<?>> committed = new ArrayList<>();
    private SimpleCommandBus bus;

    @BeforeEach
    void setUp() {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        InstanceInputValidation validation = new InstanceInputValidation(TestSchemaValidators.validator(), CATALOG,
                store);
        ParameterResolverFactory resolvers = MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(ServiceInstance.class),
                new SimpleResourceParameterResolverFactory(List.of(CATALOG, CLOCK)));
        EventSourcingRepository<ServiceInstance> instances = EventSourcingRepository.builder(ServiceInstance.class)
                .eventStore(store).parameterResolverFactory(resolvers).build();
        EventSourcingRepository<PlanSlots> slots = EventSourcingRepository.builder(PlanSlots.class)
                .eventStore(store).parameterResolverFactory(resolvers).build();
        bus = SimpleCommandBus.builder().build();
        bus.registerHandlerInterceptor(validation);
        AggregateAnnotationCommandHandler.<ServiceInstance>builder().aggregateType(ServiceInstance.class)
                .repository(instances).commandTargetResolver(new InstanceStreamResolver()).parameterResolverFactory(resolvers).build().subscribe(bus);
        new AnnotationCommandHandlerAdapter<>(new InstanceLifecycleHandler(instances, slots, CATALOG, validation, CLOCK))
                .subscribe(bus);
        store.subscribe(committed::addAll);
    }

    private void given(Object... commands) {
        for (Object command : commands) {
            CommandResultMessage<?> result = dispatch(command);
            assertThat(result.isExceptional()).as("given %s failed: %s", command,
                    result.isExceptional() ? result.exceptionResult() : null).isFalse();
        }
        committed.clear();
    }

    private CommandResultMessage<?> when(Object command) {
        return dispatch(command);
    }

    private CommandResultMessage<?> dispatch(Object command) {
        AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage(command), (message, r) -> result.set(r));
        return result.get();
    }

    private List<Object> committedPayloads() {
        return committed.stream().map(EventMessage::getPayload).map(Object.class::cast).toList();
    }

    private static ProvisionInstance provision(String id, String planId) {
        return new ProvisionInstance(id, SVC, planId, null, null, ALICE);
    }

    /** The three reports of a task whose steps all succeed. */
    private static Object[] ran(String id, int task) {
        return new Object[]{new RecordStep(id, task, Step.SETUP, 1, StepOutcome.success(0)),
                new RecordStep(id, task, Step.STENCIL, 1, StepOutcome.success(0)),
                new RecordStep(id, task, Step.TEARDOWN, 1, StepOutcome.success(0))};
    }

    private static ProvisionRequested requested(String id, String planId) {
        return new ProvisionRequested(id, SVC, planId, null, InputMerge.merge(CATALOG.plan(SVC, planId).orElseThrow(),
                null), null, 1, ALICE, NOW);
    }

    @Test
    void aProvisionTakesItsPlansSlotInTheSameCommit() {
        CommandResultMessage<?> result = when(provision("i1", "limited"));

        assertThat(result.getPayload()).isEqualTo(new Accepted(1, false));
        assertThat(committedPayloads()).containsExactly(requested("i1", "limited"),
                new PlanSlotTaken(LIMITED_KEY, "i1", ALICE, NOW));
    }

    @Test
    void aFullPlanRefusesAndNothingIsStored() {
        given(provision("i1", "limited"));

        CommandResultMessage<?> result = when(provision("i2", "limited"));

        assertThat(result.exceptionResult()).isInstanceOf(LimitReachedException.class);
        assertThat(committedPayloads()).isEmpty();
        assertThat(when(provision("i2", "small")).isExceptional()).as("i2 was not left behind").isFalse();
    }

    @Test
    void aPlanWithoutLimitTakesNoSlot() {
        when(provision("i1", "small"));

        assertThat(committedPayloads()).containsExactly(requested("i1", "small"));
    }

    @Test
    void anIdenticalRepeatOnAFullPlanAnswersWithoutASecondSlot() {
        given(provision("i1", "limited"));

        CommandResultMessage<?> result = when(provision("i1", "limited"));

        assertThat(result.getPayload()).isEqualTo(new Accepted(1, false));
        assertThat(committedPayloads()).isEmpty();
    }

    @Test
    void aDeprovisionedInstancesSlotIsReleasedAndTakenAgain() {
        given(provision("i1", "limited"));
        given(ran("i1", 1));
        given(new DeprovisionInstance("i1", SVC, "limited", ALICE));
        given(ran("i1", 2));

        when(new ReleasePlanSlots("i1"));

        assertThat(committedPayloads()).containsExactly(new PlanSlotReleased(LIMITED_KEY, "i1", NOW));
        assertThat(when(provision("i2", "limited")).isExceptional()).isFalse();
    }

    @Test
    void aLiveInstanceKeepsItsSlot() {
        given(provision("i1", "limited"));

        CommandResultMessage<?> result = when(new ReleasePlanSlots("i1"));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).isEmpty();
    }

    @Test
    void releasingForAPlanWithoutSlotsOrAnUnknownInstanceChangesNothing() {
        given(provision("i1", "small"));
        given(ran("i1", 1));
        given(new DeprovisionInstance("i1", SVC, "small", ALICE));
        given(ran("i1", 2));

        assertThat(when(new ReleasePlanSlots("i1")).isExceptional()).isFalse();
        assertThat(when(new ReleasePlanSlots("nobody")).isExceptional()).isFalse();
        assertThat(committedPayloads()).isEmpty();
    }

    @Test
    void aChangeToALimitedPlanTakesItsSlotAndAFullOneRefuses() {
        given(provision("i1", "small"), provision("i2", "small"));
        given(ran("i1", 1));
        given(ran("i2", 1));

        when(new UpdateInstance("i1", SVC, "limited", null, ALICE));
        assertThat(committedPayloads()).containsExactly(
                new UpdateRequested("i1", "limited", null, InputMerge.merge(LIMITED, null), 2, ALICE, NOW),
                new PlanSlotTaken(LIMITED_KEY, "i1", ALICE, NOW));
        committed.clear();

        assertThat(when(new UpdateInstance("i2", SVC, "limited", null, ALICE)).exceptionResult())
                .isInstanceOf(LimitReachedException.class);
        assertThat(committedPayloads()).isEmpty();
    }

    @Test
    void aChangeAwayFromALimitedPlanFreesItsSlotOnceDone() {
        given(provision("i1", "limited"));
        given(ran("i1", 1));
        given(new UpdateInstance("i1", SVC, "small", null, ALICE));
        given(ran("i1", 2));

        when(new ReleasePlanSlots("i1"));

        assertThat(committedPayloads()).containsExactly(new PlanSlotReleased(LIMITED_KEY, "i1", NOW));
    }

    @Test
    void aFailedChangeToALimitedPlanFreesTheSlotItTook() {
        given(provision("i1", "small"));
        given(ran("i1", 1));
        given(new UpdateInstance("i1", SVC, "limited", null, ALICE),
                new RecordStep("i1", 2, Step.SETUP, 1, StepOutcome.failure(1, "no")));

        when(new ReleasePlanSlots("i1"));

        assertThat(committedPayloads()).containsExactly(new PlanSlotReleased(LIMITED_KEY, "i1", NOW));
    }
}
