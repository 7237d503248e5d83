package dev.junction.command.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.api.Actor;
import dev.junction.api.BrokerIdentity;
import dev.junction.api.blueprint.Blueprint;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.resource.ResourceEvents.ResourceDataChanged;
import dev.junction.command.resource.ResourceDataLookup;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotTaken;
import dev.junction.api.error.ConflictException;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeCommands.BindBlueprint;
import dev.junction.api.pipe.PipeCommands.CreatePipe;
import dev.junction.api.pipe.PipeCommands.DeletePipe;
import dev.junction.api.pipe.PipeCommands.PostOtherEnd;
import dev.junction.api.pipe.PipeCommands.UpdatePipe;
import dev.junction.api.pipe.PipeEvents;
import dev.junction.api.pipe.PipeEvents.OtherEndUpdated;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import dev.junction.command.blueprint.BlueprintSlots;
import dev.junction.command.blueprint.PipeLifecycleHandler;
import dev.junction.command.schema.SchemaValidator;
import dev.junction.command.schema.TestSchemaValidators;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.test.matchers.Matchers;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.junction.api.testing.Json.invalidField;
import static dev.junction.api.testing.Json.node;
import static dev.junction.api.testing.Json.obj;

/**
 * The rules of {@link PipeAggregate}, one fixture scenario per rule. Deletion goes through
 * {@link PipeLifecycleHandler}, registered on the fixture's own repository.
 */
class PipeAggregateTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    private static final Instant EARLIER = Instant.parse("2026-01-30T08:00:00Z");
    private static final String KEY = "backend/p1";
    private static final Actor ALICE = Actor.user("alice");
    private static final Actor PEER = Actor.peer("http://peer.test", "http://peer.test/frontend/pipes/q1");

    private static final JsonNode HTTPS_URI = node(
            "{'type':'object','properties':{'URI':{'type':'string','pattern':'^https://'}}}");
    private static final JsonNode NEEDS_TOKEN = node(
            "{'type':'object','required':['TOKEN'],'properties':{'TOKEN':{'type':'string'}}}");

    private static final End THIS = new End("http://broker.test/backend/pipes/p1", "http://broker.test", null,
            obj("{'URI':'https://backend.example','KEEP':'k'}"));
    private static final End OTHER = new End("http://peer.test/frontend/pipes/q1", "http://peer.test", null, null);

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Resource.Catalog CATALOG = new Resource.Catalog(List.of(
            new Resource("backend", null, List.of(new Blueprint("https", BlueprintKind.OFFER, List.of(), List.of(),
                    List.of(), 1)), List.of()),
            new Resource("frontend", obj("{'DECLARED':'d','KEEP':'declared'}"), List.of(), List.of())));

    private AggregateTestFixture<PipeAggregate> fixture;
    /** The event store of the resources' data, which the lookup reads on a miss. */
    private EmbeddedEventStore resourceEvents;

    @BeforeEach
    void setUp() {
        resourceEvents = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        fixture = new AggregateTestFixture<>(PipeAggregate.class);
        BrokerIdentity broker = new BrokerIdentity("http://broker.test/");
        ResourceDataLookup resources = new ResourceDataLookup(resourceEvents, CATALOG, true);
        // the validation before the lock, as the command bus runs it; keeping no ends (0 bytes), it reads each
        // scenario's given events, never what an earlier scenario of the same test left
        PipeValidation validation = new PipeValidation(TestSchemaValidators.validator(),
                new CommittedEnds(fixture.getEventStore(), 0), resources, broker);
        fixture.registerCommandHandlerInterceptor(validation);
        fixture.registerInjectableResource(validation);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(broker);
        fixture.registerInjectableResource(resources);
        EventSourcingRepository<BlueprintSlots> blueprints = EventSourcingRepository.builder(BlueprintSlots.class)
                .eventStore(fixture.getEventStore())
                .parameterResolverFactory(MultiParameterResolverFactory.ordered(
                        ClasspathParameterResolverFactory.forClass(BlueprintSlots.class),
                        new SimpleResourceParameterResolverFactory(List.of(CLOCK))))
                .build();
        fixture.registerAnnotatedCommandHandler(
                new PipeLifecycleHandler(fixture.getRepository(), blueprints, CATALOG, validation, CLOCK));
    }

    /** A platform change of a resource, as {@code ResourceAggregate} stores it. */
    private void resourceChanged(String resource, long sequence, String merged) {
        resourceEvents.publish(new GenericDomainEventMessage<>("ResourceAggregate", resource, sequence,
                new ResourceDataChanged(resource, obj(merged), obj(merged), ALICE, EARLIER)));
    }

    private static CreatePipe create(End thisEnd, End otherEnd) {
        return new CreatePipe(KEY, "backend", "p1", thisEnd, otherEnd, null, ALICE);
    }

    private static PipeCreated created(End thisEnd, End otherEnd) {
        return new PipeCreated(KEY, "backend", "p1", thisEnd, otherEnd, null, ALICE, EARLIER);
    }

    private static UpdatePipe update(End thisPatch, End otherPatch) {
        return new UpdatePipe(KEY, thisPatch, otherPatch, ALICE);
    }

    private static End data(String json) {
        return new End(null, null, null, obj(json));
    }

    @Nested
    class Create {

        @Test
        void createsThePipeWithItsEnds() {
            fixture.givenNoPriorActivity()
                    .when(create(THIS, OTHER))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new PipeCreated(KEY, "backend", "p1", THIS, OTHER, null, ALICE, NOW));
        }

        @Test
        void theCreationIsTheResultThatTheRoutesRender() {
            fixture.givenNoPriorActivity()
                    .when(create(THIS, OTHER))
                    .expectResultMessagePayload(new PipeCreated(KEY, "backend", "p1", THIS, OTHER, null, ALICE, NOW));
        }

        @Test
        void thisUriAndIssuerAreTheBrokersWhateverTheRequestSays() {
            End requested = new End("http://evil.example/x", "http://evil.example", null, THIS.data());
            fixture.givenNoPriorActivity()
                    .when(create(requested, End.EMPTY))
                    .expectEvents(new PipeCreated(KEY, "backend", "p1", THIS, End.EMPTY, null, ALICE, NOW));
        }

        @Test
        void anAbsentOtherEndIsEmpty() {
            fixture.givenNoPriorActivity()
                    .when(create(null, null))
                    .expectEvents(new PipeCreated(KEY, "backend", "p1", THIS.withData(null), End.EMPTY, null, ALICE,
                            NOW));
        }

        @Test
        void thisDataStartsFromTheResourcesDeclaredDataAndTheRequestWins() {
            End requested = data("{'KEEP':'mine','NEW':'n'}");
            End expected = new End("http://broker.test/frontend/pipes/p1", "http://broker.test", null,
                    obj("{'DECLARED':'d','KEEP':'mine','NEW':'n'}"));
            fixture.givenNoPriorActivity()
                    .when(new CreatePipe("frontend/p1", "frontend", "p1", requested, null, null, ALICE))
                    .expectEvents(new PipeCreated("frontend/p1", "frontend", "p1", expected, End.EMPTY, null, ALICE,
                            NOW));
        }

        @Test
        void thisDataStartsFromTheResourcesLastPlatformChange() {
            resourceChanged("frontend", 0, "{'DECLARED':'d','KEEP':'first'}");
            resourceChanged("frontend", 1, "{'DECLARED':'d','KEEP':'second'}");
            End expected = new End("http://broker.test/frontend/pipes/p1", "http://broker.test", null,
                    obj("{'DECLARED':'d','KEEP':'second'}"));
            fixture.givenNoPriorActivity()
                    .when(new CreatePipe("frontend/p1", "frontend", "p1", null, null, null, ALICE))
                    .expectEvents(new PipeCreated("frontend/p1", "frontend", "p1", expected, End.EMPTY, null, ALICE,
                            NOW));
        }

        /** A bound pipe's data starts from its templates' data, which the binding puts in the request. */
        @Test
        void aBoundPipesDataDoesNotStartFromTheResourcesData() {
            PipeBinding binding = new PipeBinding(BlueprintKind.OFFER, "https", null, List.of());
            End expected = new End("http://broker.test/frontend/pipes/p1", "http://broker.test", null,
                    obj("{'URI':'https://template.example'}"));
            fixture.givenNoPriorActivity()
                    .when(new CreatePipe("frontend/p1", "frontend", "p1", data("{'URI':'https://template.example'}"),
                            null, binding, ALICE))
                    .expectEvents(new PipeCreated("frontend/p1", "frontend", "p1", expected, End.EMPTY, binding,
                            ALICE, NOW));
        }

        @Test
        void aSecondCreateOfALivePipeConflicts() {
            fixture.given(created(THIS, OTHER))
                    .when(create(THIS, OTHER))
                    .expectException(ConflictException.class)
                    .expectNoEvents();
        }

        @Test
        void aDeletedPipeCanBeCreatedAgain() {
            End newThis = THIS.withData(obj("{'URI':'https://again.example'}"));
            fixture.given(created(THIS, OTHER), new PipeDeleted(KEY, null, ALICE, EARLIER))
                    .when(create(newThis, End.EMPTY))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new PipeCreated(KEY, "backend", "p1", newThis, End.EMPTY, null, ALICE, NOW));
        }

        @Test
        void dataViolatingThisSchemaIsRejectedNamingTheField() {
            End invalid = new End(THIS.uri(), THIS.issuer(), HTTPS_URI, obj("{'URI':'http://plain.example'}"));
            fixture.givenNoPriorActivity()
                    .when(create(invalid, OTHER))
                    .expectException(invalidField("this.data.URI"))
                    .expectNoEvents();
        }

        @Test
        void dataViolatingOtherSchemaIsRejectedNamingTheField() {
            End invalidOther = new End(OTHER.uri(), OTHER.issuer(), NEEDS_TOKEN, obj("{'TOKEN':42}"));
            fixture.givenNoPriorActivity()
                    .when(create(THIS, invalidOther))
                    .expectException(invalidField("other.data.TOKEN"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Update {

        @Test
        void thisDataIsMergedKeyByKeyAndTheNewKeysWin() {
            fixture.given(created(THIS, OTHER))
                    .when(update(data("{'URI':'https://moved.example','NEW':'n'}"), null))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ThisEndUpdated(KEY, THIS.withData(
                            obj("{'URI':'https://moved.example','KEEP':'k','NEW':'n'}")), 2, ALICE, NOW));
        }

        @Test
        void aUsersPatchCannotChangeThisUriOrIssuer() {
            fixture.given(created(THIS, OTHER))
                    .when(update(new End("http://evil.example/x", "http://evil.example", null, obj("{'NEW':'n'}")),
                            null))
                    .expectEvents(new ThisEndUpdated(KEY, THIS.withData(
                            obj("{'URI':'https://backend.example','KEEP':'k','NEW':'n'}")), 2, ALICE, NOW));
        }

        @Test
        void schemasAreCombinedWithAllOf() {
            End withSchema = new End(THIS.uri(), THIS.issuer(), HTTPS_URI, THIS.data());
            JsonNode extra = node("{'required':['KEEP']}");
            fixture.given(created(withSchema, OTHER))
                    .when(update(new End(null, null, extra, null), null))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ThisEndUpdated(KEY, new End(THIS.uri(), THIS.issuer(),
                            node("{'allOf':[" + HTTPS_URI + "," + extra + "]}"), THIS.data()), 2, ALICE, NOW));
        }

        @Test
        void onlyTheOtherEndChangedGivesOnlyOtherEndUpdated() {
            fixture.given(created(THIS, OTHER))
                    .when(update(null, data("{'TOKEN':'t'}")))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new OtherEndUpdated(KEY, OTHER.withData(obj("{'TOKEN':'t'}")), null, ALICE, NOW));
        }

        @Test
        void bothEndsChangedGiveOneEventEach() {
            fixture.given(created(THIS, OTHER))
                    .when(update(data("{'NEW':'n'}"), new End("http://peer.test/frontend/pipes/q2", null, null, null)))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(
                            new ThisEndUpdated(KEY, THIS.withData(
                                    obj("{'URI':'https://backend.example','KEEP':'k','NEW':'n'}")), 2, ALICE, NOW),
                            new OtherEndUpdated(KEY, OTHER.withUri("http://peer.test/frontend/pipes/q2"), null,
                                    ALICE, NOW));
        }

        @Test
        void anUnchangedEndGivesNoEvent() {
            End withSchema = new End(THIS.uri(), THIS.issuer(), HTTPS_URI, THIS.data());
            fixture.given(created(withSchema, OTHER))
                    .when(update(new End(null, null, HTTPS_URI, obj("{'KEEP':'k'}")),
                            new End(OTHER.uri(), OTHER.issuer(), null, null)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void repeatingASchemaThatIsAlreadyCombinedChangesNothing() {
            JsonNode extra = node("{'required':['KEEP']}");
            End withSchema = new End(THIS.uri(), THIS.issuer(), HTTPS_URI, THIS.data());
            End combined = new End(THIS.uri(), THIS.issuer(),
                    node("{'allOf':[" + HTTPS_URI + "," + extra + "]}"), THIS.data());
            fixture.given(created(withSchema, OTHER), new ThisEndUpdated(KEY, combined, 2, ALICE, EARLIER))
                    .when(update(new End(null, null, extra, null), null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void thisVersionCountsTheChangesOfThisEnd() {
            End second = THIS.withData(obj("{'URI':'https://backend.example','KEEP':'k2'}"));
            fixture.given(created(THIS, OTHER), new ThisEndUpdated(KEY, second, 2, ALICE, EARLIER))
                    .when(update(data("{'KEEP':'k3'}"), null))
                    .expectEvents(new ThisEndUpdated(KEY,
                            THIS.withData(obj("{'URI':'https://backend.example','KEEP':'k3'}")), 3, ALICE, NOW));
        }

        @Test
        void aRecreatedPipeGoesOnCountingThisVersion() {
            // the peer drops versions it has seen, so a new life must not start again at 1
            End second = THIS.withData(obj("{'KEEP':'k2'}"));
            fixture.given(created(THIS, OTHER), new ThisEndUpdated(KEY, second, 2, ALICE, EARLIER),
                            new PipeDeleted(KEY, null, ALICE, EARLIER), created(THIS, OTHER))
                    .when(update(data("{'KEEP':'k3'}"), null))
                    .expectEvents(new ThisEndUpdated(KEY,
                            THIS.withData(obj("{'URI':'https://backend.example','KEEP':'k3'}")), 4, ALICE, NOW));
        }

        @Test
        void mergedDataViolatingTheSchemaIsRejectedAndNothingChanges() {
            End withSchema = new End(THIS.uri(), THIS.issuer(), HTTPS_URI, THIS.data());
            fixture.given(created(withSchema, OTHER))
                    .when(update(data("{'URI':'http://plain.example'}"), data("{'TOKEN':'t'}")))
                    .expectException(invalidField("this.data.URI"))
                    .expectNoEvents();
        }

        @Test
        void anAddedSchemaIsCheckedAgainstTheDataAlreadyThere() {
            fixture.given(created(THIS, OTHER))
                    .when(update(null, new End(null, null, NEEDS_TOKEN, null)))
                    .expectException(invalidField("other.data.TOKEN"))
                    .expectNoEvents();
        }

        @Test
        void thePatchIsValidatedMergedNotAlone() {
            // the patch alone lacks the required TOKEN, the merged other end has it
            End otherWithToken = new End(OTHER.uri(), OTHER.issuer(), NEEDS_TOKEN, obj("{'TOKEN':'t'}"));
            fixture.given(created(THIS, otherWithToken))
                    .when(update(null, data("{'EXTRA':'x'}")))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new OtherEndUpdated(KEY, otherWithToken.withData(obj("{'TOKEN':'t','EXTRA':'x'}")),
                            null, ALICE, NOW));
        }

        @Test
        void anUnknownPipeCannotBeUpdated() {
            fixture.givenNoPriorActivity()
                    .when(update(data("{'A':'a'}"), null))
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
        }

        @Test
        void aDeletedPipeIsNotFound() {
            fixture.given(created(THIS, OTHER), new PipeDeleted(KEY, null, ALICE, EARLIER))
                    .when(update(data("{'A':'a'}"), null))
                    .expectException(NotFoundException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class PostOther {

        private PostOtherEnd post(String json, Long version) {
            return new PostOtherEnd(KEY, obj(json), version, PEER);
        }

        private OtherEndUpdated otherUpdated(String json, Long version, Instant at) {
            return new OtherEndUpdated(KEY, OTHER.withData(obj(json)), version, PEER, at);
        }

        @Test
        void aPeersUpdateMustBringData() {
            fixture.given(created(THIS, OTHER))
                    .when(new PostOtherEnd(KEY, null, 3L, PEER))
                    .expectException(invalidField("other.data"))
                    .expectNoEvents();
        }

        @Test
        void aVersionlessDeliveryApplies() {
            fixture.given(created(THIS, OTHER))
                    .when(post("{'TOKEN':'t1'}", null))
                    .expectResultMessagePayload(true)
                    .expectEvents(otherUpdated("{'TOKEN':'t1'}", null, NOW));
        }

        @Test
        void versionlessDeliveriesApplyInArrivalOrder() {
            fixture.given(created(THIS, OTHER), otherUpdated("{'TOKEN':'first'}", null, EARLIER))
                    .when(post("{'TOKEN':'second'}", null))
                    .expectResultMessagePayload(true)
                    .expectEvents(otherUpdated("{'TOKEN':'second'}", null, NOW));
        }

        @Test
        void aNewerVersionApplies() {
            fixture.given(created(THIS, OTHER), otherUpdated("{'TOKEN':'v5'}", 5L, EARLIER))
                    .when(post("{'TOKEN':'v6'}", 6L))
                    .expectResultMessagePayload(true)
                    .expectEvents(otherUpdated("{'TOKEN':'v6'}", 6L, NOW));
        }

        @Test
        void theSameVersionAgainIsIgnored() {
            fixture.given(created(THIS, OTHER), otherUpdated("{'TOKEN':'v5'}", 5L, EARLIER))
                    .when(post("{'TOKEN':'other v5'}", 5L))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void anOlderVersionIsIgnored() {
            fixture.given(created(THIS, OTHER), otherUpdated("{'TOKEN':'v5'}", 5L, EARLIER))
                    .when(post("{'TOKEN':'v4'}", 4L))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void aVersionlessDeliveryAfterAVersionedOneAppliesAndKeepsTheVersion() {
            fixture.given(created(THIS, OTHER), otherUpdated("{'TOKEN':'v5'}", 5L, EARLIER))
                    .when(post("{'TOKEN':'plain'}", null))
                    .expectResultMessagePayload(true)
                    .expectEvents(otherUpdated("{'TOKEN':'plain'}", 5L, NOW));
        }

        @Test
        void theDataIsMergedIntoTheOtherEnd() {
            fixture.given(created(THIS, OTHER), otherUpdated("{'ISS':'i','SUB':'s'}", null, EARLIER))
                    .when(post("{'SUB':'s2','AUD':'a'}", 1L))
                    .expectResultMessagePayload(true)
                    .expectEvents(otherUpdated("{'ISS':'i','SUB':'s2','AUD':'a'}", 1L, NOW));
        }

        @Test
        void anIdenticalVersionlessDeliveryChangesNothing() {
            fixture.given(created(THIS, OTHER), otherUpdated("{'TOKEN':'t'}", null, EARLIER))
                    .when(post("{'TOKEN':'t'}", null))
                    .expectResultMessagePayload(true)
                    .expectNoEvents();
        }

        @Test
        void dataViolatingTheOtherSchemaIsRejected() {
            End otherWithSchema = new End(OTHER.uri(), OTHER.issuer(), NEEDS_TOKEN, obj("{'TOKEN':'t'}"));
            fixture.given(created(THIS, otherWithSchema))
                    .when(post("{'TOKEN':7}", 3L))
                    .expectException(invalidField("other.data.TOKEN"))
                    .expectNoEvents();
        }

        @Test
        void aDeletedPipeIsNotFound() {
            fixture.given(created(THIS, OTHER), new PipeDeleted(KEY, null, ALICE, EARLIER))
                    .when(post("{'TOKEN':'t'}", 1L))
                    .expectException(NotFoundException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Delete {

        @Test
        void aPlainPipeIsDeleted() {
            fixture.given(created(THIS, OTHER))
                    .when(new DeletePipe(KEY, ALICE))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new PipeDeleted(KEY, null, ALICE, NOW));
        }

        @Test
        void aDeletedPipeCannotBeDeletedAgain() {
            fixture.given(created(THIS, OTHER), new PipeDeleted(KEY, null, ALICE, EARLIER))
                    .when(new DeletePipe(KEY, ALICE))
                    .expectException(NotFoundException.class)
                    .expectNoEvents();
        }

        @Test
        void anUnknownPipeCannotBeDeleted() {
            fixture.givenNoPriorActivity()
                    .when(new DeletePipe(KEY, ALICE))
                    .expectException(AggregateNotFoundException.class)
                    .expectNoEvents();
        }
    }

    /**
     * Of the binding rules only this one runs on the fixture: the full blueprint is refused before
     * the pipe is loaded. The others load two aggregates, which the fixture's single-stream event
     * store refuses; {@code PipeLifecycleHandlerTest} covers them.
     */
    @Nested
    class Bind {

        @Test
        void aFullBlueprintConflictsWithoutEvents() {
            fixture.given(new BlueprintSlotTaken("backend/offers/https", "backend/p1", ALICE, EARLIER))
                    .when(new BindBlueprint("backend", BlueprintKind.OFFER, "https", "p2", null, null, THIS, OTHER,
                            ALICE))
                    .expectException(ConflictException.class)
                    .expectNoEvents();
        }
    }

    /** {@link PipeEvents#PEER}: whether the event can concern the propagation, so the saga may skip it. */
    @Nested
    class PeerFlag {

        @SafeVarargs
        private static org.hamcrest.Matcher<List<EventMessage<?>>> flagged(Class<?> type, boolean peer,
                                                                          org.hamcrest.Matcher<EventMessage<?>>... more) {
            List<org.hamcrest.Matcher<EventMessage<?>>> all = new java.util.ArrayList<>();
            all.add(event(type, peer));
            all.addAll(List.of(more));
            all.add(Matchers.andNoMore());
            @SuppressWarnings("unchecked")
            org.hamcrest.Matcher<EventMessage<?>>[] array = all.toArray(new org.hamcrest.Matcher[0]);
            return Matchers.exactSequenceOf(array);
        }

        private static org.hamcrest.Matcher<EventMessage<?>> event(Class<?> type, boolean peer) {
            return Matchers.predicate(m -> type.isInstance(m.getPayload())
                    && Boolean.valueOf(peer).equals(m.getMetaData().get(PipeEvents.PEER)));
        }

        @Test
        void aCreationSaysWhetherThePipeHasAPeer() {
            fixture.givenNoPriorActivity()
                    .when(create(THIS, OTHER))
                    .expectEventsMatching(flagged(PipeCreated.class, true));
            fixture.givenNoPriorActivity()
                    .when(create(THIS, End.EMPTY))
                    .expectEventsMatching(flagged(PipeCreated.class, false));
        }

        @Test
        void changesOfALocalPipeSayItHasNoPeer() {
            fixture.given(created(THIS, End.EMPTY))
                    .when(update(data("{'URI':'https://moved.example'}"), null))
                    .expectEventsMatching(flagged(ThisEndUpdated.class, false));
        }

        @Test
        void changesThatGiveOrTakeThePeerSayItHasOne() {
            fixture.given(created(THIS, End.EMPTY))
                    .when(update(data("{'URI':'https://moved.example'}"), OTHER))
                    .expectEventsMatching(flagged(ThisEndUpdated.class, true, event(OtherEndUpdated.class, true)));
            fixture.given(created(THIS, OTHER))
                    .when(update(null, new End("", null, null, null)))
                    .expectEventsMatching(flagged(OtherEndUpdated.class, true));
        }

        /** Only a new other uri concerns the propagation: the peer's data changes nothing it sends. */
        @Test
        void otherDataWithTheSameUriSaysItDoesNotConcernThePeer() {
            fixture.given(created(THIS, OTHER))
                    .when(new PostOtherEnd(KEY, obj("{'TOKEN':'t1'}"), 4L, PEER))
                    .expectEventsMatching(flagged(OtherEndUpdated.class, false));
            fixture.given(created(THIS, OTHER))
                    .when(update(null, new End(null, null, null, obj("{'TOKEN':'t2'}"))))
                    .expectEventsMatching(flagged(OtherEndUpdated.class, false));
            fixture.given(created(THIS, OTHER))
                    .when(update(null, new End("http://elsewhere.test/frontend/pipes/q1", null, null, null)))
                    .expectEventsMatching(flagged(OtherEndUpdated.class, true));
        }
    }
}
