package dev.junction.command.blueprint;

import dev.junction.api.Actor;
import dev.junction.api.BrokerIdentity;
import dev.junction.api.blueprint.Blueprint;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.blueprint.Template;
import dev.junction.api.blueprint.Template.TemplateKind;
import dev.junction.api.blueprint.TemplateUse;
import dev.junction.api.error.NotFoundException;
import dev.junction.command.resource.ResourceDataLookup;
import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotReleased;
import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotTaken;
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
import dev.junction.command.pipe.CommittedEnds;
import dev.junction.command.pipe.PipeAggregate;
import dev.junction.command.pipe.PipeValidation;
import dev.junction.command.schema.TestSchemaValidators;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.junction.api.testing.Json.node;
import static dev.junction.api.testing.Json.obj;
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

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Template POSTGRESQLS = new Template("postgresqls", TemplateKind.PROTO, null, null);
    private static final Template SERVER = new Template("auth:server", TemplateKind.ADAPTER, null, null);
    /** "postgres" takes one pipe, "pool" any number. */
    private static final Resource.Catalog CATALOG = new Resource.Catalog(List.of(new Resource("db", null, List.of(),
            List.of(blueprint("postgres", 1), blueprint("pool", 0)))));

    private final List<EventMessage<?>> committed = new ArrayList<>();
    private SimpleCommandBus bus;

    private static Blueprint blueprint(String name, int maxPipes) {
        return new Blueprint(name, BlueprintKind.NEED, List.of(new TemplateUse(POSTGRESQLS, null)),
                List.of(new TemplateUse(SERVER, null)), List.of("auth:server"), maxPipes);
    }

    @BeforeEach
    void setUp() {
        EmbeddedEventStore store = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine()).build();
        BrokerIdentity broker = new BrokerIdentity("http://broker.test");
        ResourceDataLookup resources = new ResourceDataLookup(store, CATALOG, true);
        PipeValidation validation = new PipeValidation(TestSchemaValidators.validator(), new CommittedEnds(store, 1 << 20),
                resources, broker);
        ParameterResolverFactory resolvers = MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(PipeAggregate.class),
                new SimpleResourceParameterResolverFactory(List.of(validation, CLOCK, broker, resources)));
        EventSourcingRepository<PipeAggregate> pipes = EventSourcingRepository.builder(PipeAggregate.class)
                .eventStore(store).parameterResolverFactory(resolvers).build();
        EventSourcingRepository<BlueprintSlots> blueprints = EventSourcingRepository.builder(BlueprintSlots.class)
                .eventStore(store).parameterResolverFactory(resolvers).build();
        bus = SimpleCommandBus.builder().build();
        bus.registerHandlerInterceptor(validation);
        AggregateAnnotationCommandHandler.<PipeAggregate>builder()
                .aggregateType(PipeAggregate.class).repository(pipes).parameterResolverFactory(resolvers)
                .build().subscribe(bus);
        new AnnotationCommandHandlerAdapter<>(new PipeLifecycleHandler(pipes, blueprints, CATALOG, validation, CLOCK))
                .subscribe(bus);
        store.subscribe(committed::addAll);
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

    private static PipeBinding binding(String blueprint) {
        return new PipeBinding(BlueprintKind.NEED, blueprint, "postgresqls", List.of("auth:server"));
    }

    private static BindBlueprint bind(String id, String blueprint) {
        return new BindBlueprint("db", BlueprintKind.NEED, blueprint, id, null, null, null, null, ALICE);
    }

    private static PipeCreated created(String id, String blueprint) {
        return new PipeCreated("db/" + id, "db", id,
                new End("http://broker.test/db/pipes/" + id, "http://broker.test", null, null), End.EMPTY,
                binding(blueprint), ALICE, NOW);
    }

    @Test
    void bindingTakesASlotAndCreatesThePipe() {
        given();

        CommandResultMessage<?> result = when(bind("p1", "postgres"));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(
                new BlueprintSlotTaken(BLUEPRINT, "db/p1", ALICE, NOW),
                created("p1", "postgres"));
    }

    @Test
    void bindingAnswersTheCreationThatTheRouteRenders() {
        assertThat(when(bind("p1", "postgres")).getPayload()).isEqualTo(created("p1", "postgres"));
    }

    @Test
    void anUnknownBlueprintIsNotFoundAndTakesNothing() {
        CommandResultMessage<?> result = when(bind("p1", "mysql"));

        assertThat(result.exceptionResult()).isInstanceOf(NotFoundException.class)
                .hasMessage("resource db has no needs blueprint mysql");
        assertThat(committedPayloads()).isEmpty();
    }

    @Test
    void aFullBlueprintConflictsAndNothingIsCommitted() {
        given(bind("p1", "postgres"));

        CommandResultMessage<?> result = when(bind("p2", "postgres"));

        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(ConflictException.class)
                .hasMessageContaining("full");
        assertThat(committedPayloads()).isEmpty();
    }

    @Test
    void maxPipesZeroMeansUnlimited() {
        given(bind("p1", "pool"), bind("p2", "pool"), bind("p3", "pool"));

        CommandResultMessage<?> result = when(bind("p4", "pool"));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(
                new BlueprintSlotTaken("db/needs/pool", "db/p4", ALICE, NOW), created("p4", "pool"));
    }

    @Test
    void bindingAPipeIdThatIsAlreadyLiveConflictsAndTakesNoSlot() {
        given(new CreatePipe("db/p1", "db", "p1", End.EMPTY, End.EMPTY, null, ALICE));

        CommandResultMessage<?> result = when(bind("p1", "postgres"));

        assertThat(result.exceptionResult()).isInstanceOf(ConflictException.class);
        assertThat(committedPayloads()).isEmpty();
        // the failed binding left no slot behind: a one-pipe blueprint still has room
        assertThat(when(bind("p2", "postgres")).isExceptional()).isFalse();
    }

    @Test
    void aBindingWhosePipeIsInvalidTakesNoSlot() {
        BindBlueprint invalid = new BindBlueprint("db", BlueprintKind.NEED, "postgres", "p1", null, null,
                new End(null, null, node("{'required':['URI']}"), obj("{}")), null, ALICE);
        given();

        CommandResultMessage<?> result = when(invalid);

        assertThat(result.exceptionResult()).isInstanceOf(InvalidInputException.class);
        assertThat(committedPayloads()).isEmpty();
        assertThat(when(bind("p2", "postgres")).isExceptional()).isFalse();
    }

    @Test
    void deletingABoundPipeReleasesItsSlot() {
        given(bind("p1", "postgres"));

        CommandResultMessage<?> result = when(new DeletePipe("db/p1", ALICE));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(
                new PipeDeleted("db/p1", binding("postgres"), ALICE, NOW),
                new BlueprintSlotReleased(BLUEPRINT, "db/p1", ALICE, NOW));
    }

    @Test
    void aReleasedSlotCanBeBoundAgain() {
        given(bind("p1", "postgres"), new DeletePipe("db/p1", ALICE));

        CommandResultMessage<?> result = when(bind("p2", "postgres"));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(
                new BlueprintSlotTaken(BLUEPRINT, "db/p2", ALICE, NOW), created("p2", "postgres"));
    }

    @Test
    void aDeletedBoundPipeCanBeBoundAgainUnderTheSameId() {
        given(bind("p1", "postgres"), new DeletePipe("db/p1", ALICE));

        CommandResultMessage<?> result = when(bind("p1", "postgres"));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(
                new BlueprintSlotTaken(BLUEPRINT, "db/p1", ALICE, NOW), created("p1", "postgres"));
    }

    @Test
    void deletingAPlainPipeTouchesNoBlueprint() {
        given(new CreatePipe("db/plain", "db", "plain", End.EMPTY, End.EMPTY, null, ALICE));

        CommandResultMessage<?> result = when(new DeletePipe("db/plain", ALICE));

        assertThat(result.isExceptional()).isFalse();
        assertThat(committedPayloads()).containsExactly(new PipeDeleted("db/plain", null, ALICE, NOW));
    }
}
