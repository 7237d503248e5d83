package dev.junction.command.pipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.BrokerIdentity;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.error.ChangedMeanwhileException;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeCommands.CreatePipe;
import dev.junction.api.pipe.PipeCommands.UpdatePipe;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import dev.junction.command.pipe.PipeEndRules.Ends;
import dev.junction.command.resource.ResourceDataLookup;
import dev.junction.command.schema.SchemaValidator;
import dev.junction.command.schema.TestSchemaValidators;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PipeValidation} checks a command's ends before the command takes the pipe's lock, and
 * {@link CommittedEnds} holds the ends it checks against. Wired with the real Axon pieces in memory: a
 * command bus, an event store and an event-sourcing repository whose pessimistic lock is the one at stake.
 */
class PipeValidationTest {

    private static final String KEY = "backend/p1";
    private static final Actor ALICE = Actor.user("alice");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-31T12:00:00Z"), ZoneOffset.UTC);
    private static final Resource.Catalog CATALOG = new Resource.Catalog(List.of(new Resource("backend", null,
            List.of(), List.of())));
    private static final BrokerIdentity BROKER = new BrokerIdentity("http://broker.test");

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private EventSourcingRepository<PipeAggregate> pipes;

    private void wire(SchemaValidator validator, CommittedEnds committed) {
        ResourceDataLookup resources = new ResourceDataLookup(store, CATALOG, true);
        PipeValidation validation = new PipeValidation(validator, committed, resources, BROKER);
        ParameterResolverFactory resolvers = MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(PipeAggregate.class),
                new SimpleResourceParameterResolverFactory(List.of(validation, CLOCK, BROKER, resources)));
        pipes = EventSourcingRepository.builder(PipeAggregate.class)
                .eventStore(store).parameterResolverFactory(resolvers).build();
        AggregateAnnotationCommandHandler.<PipeAggregate>builder().aggregateType(PipeAggregate.class)
                .repository(pipes).parameterResolverFactory(resolvers).build().subscribe(bus);
        bus.registerHandlerInterceptor(validation);
    }

    private CommandResultMessage<?> dispatch(Object command) {
        AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage(command), (message, r) -> result.set(r));
        return result.get();
    }

    private static UpdatePipe update(String data) {
        return new UpdatePipe(KEY, new End(null, null, null, obj(data)), null, ALICE);
    }

    private List<Object> stream() {
        List<Object> payloads = new ArrayList<>();
        store.readEvents(KEY).forEachRemaining(m -> payloads.add(m.getPayload()));
        return payloads;
    }

    @Test
    void anotherCommandOnThePipeRunsWhileOneIsValidatedAndTheValidatedOneIsRefusedAsChanged() throws Exception {
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicReference<CommandResultMessage<?>> meanwhile = new AtomicReference<>();
        SchemaValidator slow = new SchemaValidator(TestSchemaValidators.LIMITS) {
            @Override
            public void validate(End thisEnd, End otherEnd) {
                if (thisEnd.dataOrEmpty().has("slow") && first.getAndSet(false)) {
                    // were the pipe locked now, this update would wait for it, and the wait would time out
                    meanwhile.set(CompletableFuture.supplyAsync(() -> dispatch(update("{'b':'2'}")))
                            .orTimeout(10, TimeUnit.SECONDS).join());
                }
                super.validate(thisEnd, otherEnd);
            }
        };
        wire(slow, new CommittedEnds(store, 1 << 20));
        assertThat(dispatch(new CreatePipe(KEY, "backend", "p1", new End(null, null, null, obj("{'a':'1'}")),
                null, null, ALICE)).isExceptional()).isFalse();

        CommandResultMessage<?> result = dispatch(update("{'slow':'yes'}"));

        assertThat(meanwhile.get().isExceptional()).as("the update made while the other was validated").isFalse();
        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(ChangedMeanwhileException.class);
        assertThat(stream()).last().isInstanceOfSatisfying(ThisEndUpdated.class,
                e -> assertThat(e.thisEnd().data()).isEqualTo(obj("{'a':'1','b':'2'}")));
        // sent again, it is checked against the ends committed meanwhile and goes through
        assertThat(dispatch(update("{'slow':'yes'}")).isExceptional()).isFalse();
        assertThat(stream()).last().isInstanceOfSatisfying(ThisEndUpdated.class,
                e -> assertThat(e.thisEnd().data()).isEqualTo(obj("{'a':'1','b':'2','slow':'yes'}")));
    }

    @Test
    void committedEndsAreReadFromASnapshotAndTheEventsAfterIt() {
        wire(TestSchemaValidators.validator(), new CommittedEnds(store, 1 << 20));
        dispatch(new CreatePipe(KEY, "backend", "p1", new End(null, null, null, obj("{'a':'1'}")), null, null, ALICE));
        PipeAggregate loaded = DefaultUnitOfWork.startAndGet(null)
                .executeWithResult(() -> pipes.load(KEY).invoke(pipe -> pipe)).getPayload();
        store.storeSnapshot(event(0, loaded));
        dispatch(update("{'b':'2'}"));
        assertThat(store.readEvents(KEY).peek().getPayload()).as("the stream starts at the snapshot")
                .isInstanceOf(PipeAggregate.class);

        Ends ends = new CommittedEnds(store, 1 << 20).of(KEY).orElseThrow();

        assertThat(ends.thisEnd().data()).isEqualTo(obj("{'a':'1','b':'2'}"));
        assertThat(ends.thisEnd().uri()).isEqualTo("http://broker.test/backend/pipes/p1");
    }

    @Test
    void eachCommitUpdatesTheEndsKeptAndAGapDropsThem() {
        CommittedEnds committed = new CommittedEnds(store, 1 << 20);
        End thisEnd = new End("u", "i", null, obj("{'a':'1'}"));
        committed.on(new PipeCreated(KEY, "backend", "p1", thisEnd, End.EMPTY, null, ALICE, CLOCK.instant()), 0L);
        committed.on(new ThisEndUpdated(KEY, thisEnd.withData(obj("{'a':'2'}")), 2, ALICE, CLOCK.instant()), 1L);
        // the store holds none of these: what is answered comes from the handler
        assertThat(committed.of(KEY).orElseThrow().thisEnd().data()).isEqualTo(obj("{'a':'2'}"));

        committed.on(new ThisEndUpdated(KEY, thisEnd.withData(obj("{'a':'4'}")), 4, ALICE, CLOCK.instant()), 3L);

        assertThat(committed.of(KEY)).as("after a gap the pipe's events are read, and the store has none").isEmpty();
    }

    @Test
    void theEndsKeptStayWithinTheirBytes() {
        CommittedEnds committed = new CommittedEnds(store, 200_000);
        ObjectNode large = obj("{}");
        large.put("blob", "x".repeat(60_000)); // about 120 kB on the heap
        for (int i = 0; i < 5; i++) {
            committed.on(new PipeCreated("backend/p" + i, "backend", "p" + i, new End(null, null, null, large),
                    End.EMPTY, null, ALICE, CLOCK.instant()), 0L);
        }
        assertThat(committed.keptBytes()).isPositive().isLessThanOrEqualTo(200_000);
    }

    static DomainEventMessage<?> event(long sequence, Object payload) {
        return new GenericDomainEventMessage<>("PipeAggregate", KEY, sequence, payload);
    }
}
