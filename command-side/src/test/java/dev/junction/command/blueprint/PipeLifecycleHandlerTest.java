package dev.junction.command.blueprint;

import dev.junction.api.Actor;
import dev.junction.api.blueprint.BlueprintMessages.BlueprintSlotReleased;
import dev.junction.api.blueprint.BlueprintMessages.BlueprintSlotTaken;
import dev.junction.api.error.ConflictException;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeCommands.BindBlueprint;
import dev.junction.api.pipe.PipeCommands.CreatePipe;
import dev.junction.api.pipe.PipeCommands.DeletePipe;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.command.pipe.PipeAggregate;
import dev.junction.command.schema.SchemaValidator;
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
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.junction.command.support.Json.node;
import static dev.junction.command.support.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding and deleting through {@link PipeLifecycleHandler}, which changes a {@link BlueprintSlots}
 * and a {@link PipeAggregate} in one unit of work.
 *
 * <p>Axon's {@code AggregateTestFixture} cannot run these rules: its recording event store holds
 * the stream of a single aggregate identifier and throws an {@code EventStoreException} as soon as
 * the handler loads the second aggregate. So this test wires the real Axon pieces in memory instead
 * (a simple command bus, an embedded event store, event-sourcing repositories for both aggregates)
 * and keeps the given/when/expect shape: given commands, when a command, expect the events it
 * committed (or an exception and no events).
 */
class PipeLifecycleHandlerTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    private static final Actor ALICE = Actor.user("alice");
    private static final String BLUEPRINT = "db/needs/postgres";

    private final List<EventMessage<?>> committed = new ArrayList<>();
    private SimpleCommandBus bus;
    private Clock savedPipeClock;
    private Clock savedSlotsClock;

    @BeforeEach
    void setUp() throws Exception {
        savedPipeClock = swapClock(PipeAggregate.class, Clock.fixed(NOW, ZoneOffset.UTC));
        savedSlotsClock = swapClock(BlueprintSlots.class, Clock.fixed(NOW, ZoneOffset.UTC));

        EmbeddedEventStore store = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine()).build();
        SchemaValidator validator = new SchemaValidator();
        ParameterResolverFactory resolvers = MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(PipeAggregate.class),
                new SimpleResourceParameterResolverFactory(List.of(validator)));
        EventSourcingRepository<PipeAggregate> pipes = EventSourcingRepository.builder(PipeAggregate.class)
                .eventStore(store).parameterResolverFactory(resolvers).build();
        EventSourcingRepository<BlueprintSlots> blueprints = EventSourcingRepository.builder(BlueprintSlots.class)
                .eventStore(store).build();
        bus = SimpleCommandBus.builder().build();
        AggregateAnnotationCommandHandler.<PipeAggregate>builder()
                .aggregateType(PipeAggregate.class).repository(pipes).parameterResolverFactory(resolvers)
                .build().subscribe(bus);
        new AnnotationCommandHandlerAdapter<>(new PipeLifecycleHandler(pipes, blueprints, validator)).subscribe(bus);
        store.subscribe(committed::addAll);
    }

    @AfterEach
    void restoreClocks() throws Exception {
        swapClock(PipeAggregate.class, savedPipeClock);
        swapClock(BlueprintSlots.class, savedSlotsClock);
    }

    private static Clock swapClock(Class<?> type, Clock clock) throws Exception {
        Field field = type.getDeclaredField("clock");
        field.setAccessible(true);
        Clock old = (Clock) field.get(null);
        field.set(null, clock);
        return old;
    }

    // given / when / expect

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

    private List<Object> committedPayloads() {
        return committed.stream().map(EventMessage::getPayload).map(Object.class::cast).toList();
    }

    private CommandResultMessage<?> dispatch(Object command) {
        AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage(command), (message, r) -> result.set(r));
        return result.get();
    }

    // the commands

    private static PipeBinding binding() {
        return new PipeBinding(BlueprintKind.NEED, "postgres", "postgresqls", List.of("auth:server"));
    }

    private static CreatePipe pipe(String id) {
        return new CreatePipe("db/" + id, "db", id,
                new End("http://broker.test/db/pipes/" + id, "http://broker.test", null, null), End.EMPTY,
                binding(), ALICE);
    }

    private static BindBlueprint bind(String id, int maxPipes) {
        return new BindBlueprint(BLUEPRINT, maxPipes, pipe(id));
    }

    private static PipeCreated created(String id) {
        CreatePipe c = pipe(id);
        return new PipeCreated(c.pipeKey(), c.resource(), c.pipeId(), c.thisEnd(), c.otherEnd(), c.binding(), ALICE,
                NOW);
    }

    @Test
    void bindingTakesASlotAndCreatesThePipe() {
        given();

        CommandResultMessage<?> result = when(bind("p1", 1));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(
                new BlueprintSlotTaken(BLUEPRINT, "db/p1", ALICE, NOW),
                created("p1"));
    }

    @Test
    void aFullBlueprintConflictsAndNothingIsCommitted() {
        given(bind("p1", 1));

        CommandResultMessage<?> result = when(bind("p2", 1));

        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(ConflictException.class)
                .hasMessageContaining("full");
        assertThat(committedPayloads()).isEmpty();
    }

    @Test
    void maxPipesZeroMeansUnlimited() {
        given(bind("p1", 0), bind("p2", 0), bind("p3", 0));

        CommandResultMessage<?> result = when(bind("p4", 0));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(
                new BlueprintSlotTaken(BLUEPRINT, "db/p4", ALICE, NOW), created("p4"));
    }

    @Test
    void bindingAPipeIdThatIsAlreadyLiveConflictsAndTakesNoSlot() {
        given(new CreatePipe("db/p1", "db", "p1", End.EMPTY, End.EMPTY, null, ALICE));

        CommandResultMessage<?> result = when(bind("p1", 0));

        assertThat(result.exceptionResult()).isInstanceOf(ConflictException.class);
        assertThat(committedPayloads()).isEmpty();
        // the failed binding left no slot behind: a one-pipe blueprint still has room
        assertThat(when(bind("p2", 1)).isExceptional()).isFalse();
    }

    @Test
    void aBindingWhosePipeIsInvalidTakesNoSlot() {
        CreatePipe invalid = new CreatePipe("db/p1", "db", "p1",
                new End(null, null, node("{'required':['URI']}"), obj("{}")), End.EMPTY, binding(), ALICE);
        given();

        CommandResultMessage<?> result = when(new BindBlueprint(BLUEPRINT, 1, invalid));

        assertThat(result.exceptionResult()).isInstanceOf(InvalidInputException.class);
        assertThat(committedPayloads()).isEmpty();
        assertThat(when(bind("p2", 1)).isExceptional()).isFalse();
    }

    @Test
    void deletingABoundPipeReleasesItsSlot() {
        given(bind("p1", 1));

        CommandResultMessage<?> result = when(new DeletePipe("db/p1", ALICE));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(
                new PipeDeleted("db/p1", binding(), ALICE, NOW),
                new BlueprintSlotReleased(BLUEPRINT, "db/p1", ALICE, NOW));
    }

    @Test
    void aReleasedSlotCanBeBoundAgain() {
        given(bind("p1", 1), new DeletePipe("db/p1", ALICE));

        CommandResultMessage<?> result = when(bind("p2", 1));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(
                new BlueprintSlotTaken(BLUEPRINT, "db/p2", ALICE, NOW), created("p2"));
    }

    @Test
    void aDeletedBoundPipeCanBeBoundAgainUnderTheSameId() {
        given(bind("p1", 1), new DeletePipe("db/p1", ALICE));

        CommandResultMessage<?> result = when(bind("p1", 1));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(
                new BlueprintSlotTaken(BLUEPRINT, "db/p1", ALICE, NOW), created("p1"));
    }

    @Test
    void deletingAPlainPipeTouchesNoBlueprint() {
        given(new CreatePipe("db/plain", "db", "plain", End.EMPTY, End.EMPTY, null, ALICE));

        CommandResultMessage<?> result = when(new DeletePipe("db/plain", ALICE));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(new PipeDeleted("db/plain", null, ALICE, NOW));
    }
}
