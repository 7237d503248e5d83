package dev.junction.query;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import dev.junction.api.Actor;
import dev.junction.api.SecretCodec;
import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotReleased;
import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotTaken;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeEvents.OtherEndDetached;
import dev.junction.api.pipe.PipeEvents.OtherEndUpdated;
import dev.junction.api.pipe.PipeEvents.PropagationAttemptFailed;
import dev.junction.api.pipe.PipeEvents.PropagationFailed;
import dev.junction.api.pipe.PipeEvents.PropagationRetryRequested;
import dev.junction.api.pipe.PipeEvents.PropagationSucceeded;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.api.pipe.PipeEvents.PipeEvent;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import dev.junction.api.pipe.PipeView;
import dev.junction.api.resource.ResourceEvents.ResourceDataChanged;
import dev.junction.query.blueprint.BlueprintSlotsProjection;
import dev.junction.query.blueprint.BlueprintSlotsStore;
import dev.junction.query.instance.InstanceView;
import dev.junction.query.instance.InstanceViewProjection;
import dev.junction.query.instance.InstanceViewStore;
import dev.junction.api.instance.InstanceEvents.BindRequested;
import dev.junction.api.instance.InstanceEvents.DeprovisionRequested;
import dev.junction.api.instance.InstanceEvents.InstanceBound;
import dev.junction.api.instance.InstanceEvents.InstanceEvent;
import dev.junction.api.instance.InstanceEvents.InstanceProvisioned;
import dev.junction.api.instance.InstanceEvents.ProvisionRequested;
import dev.junction.query.pipe.PipeViewProjection;
import dev.junction.query.pipe.PipeViewStore;
import dev.junction.query.pipe.ProjectionFailures;
import dev.junction.query.support.InProcessMongo;
import dev.junction.query.support.TestStores;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebuild from an Axon event storage engine filled with domain events must give the same read
 * models as the live projections that saw the same events one by one.
 */
class ReadModelRebuilderTest {

    private static final Actor ALICE = Actor.user("alice");
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final String HTTPS_OFFER = "backend/offers/https";
    private static final String DB_NEED = "frontend/needs/db";
    private static final PipeBinding HTTPS = new PipeBinding(BlueprintKind.OFFER, "https", "https",
            List.of("auth:oidc"));
    private static final List<String> KEYS = List.of("backend/p1", "backend/p2", "backend/p3", "frontend/q1",
            "frontend/q2");

    @RegisterExtension
    static final InProcessMongo mongo = new InProcessMongo();

    /** Where the next domain event of each aggregate goes. */
    private final Map<String, Long> sequences = new HashMap<>();
    private InMemoryEventStorageEngine engine;
    private List<DomainEventMessage<?>> history;

    private MongoDatabase liveDatabase;
    private PipeViewStore livePipes;
    private BlueprintSlotsStore liveSlots;
    private PipeViewProjection pipeProjection;
    private BlueprintSlotsProjection slotsProjection;

    @BeforeEach
    void setUp() {
        engine = new InMemoryEventStorageEngine();
        liveDatabase = mongo.freshDatabase();
        livePipes = TestStores.pipes(liveDatabase);
        liveSlots = new BlueprintSlotsStore(liveDatabase);
        pipeProjection = new PipeViewProjection(livePipes, ProjectionFailures.RETHROW);
        slotsProjection = new BlueprintSlotsProjection(liveSlots);
        history = new ArrayList<>();
        history.addAll(List.of(
                pipe(created("backend", "p1", null)),
                pipe(new ThisEndUpdated("backend/p1", thisEnd("backend", "p1", "https://p1-v2"), 2, ALICE, at(1))),
                pipe(new OtherEndUpdated("backend/p1", new End("http://peer/x", "http://peer", null,
                        obj("{'AUD':'a'}")), 3L, ALICE, at(2))),
                slot(new BlueprintSlotTaken(HTTPS_OFFER, "backend/p2", ALICE, at(3))),
                pipe(created("backend", "p2", HTTPS)),
                pipe(new PipeDeleted("backend/p2", HTTPS, ALICE, at(4))),
                slot(new BlueprintSlotReleased(HTTPS_OFFER, "backend/p2", ALICE, at(4))),
                slot(new BlueprintSlotTaken(HTTPS_OFFER, "backend/p2", ALICE, at(5))),
                pipe(created("backend", "p2", HTTPS)),
                pipe(new ThisEndUpdated("backend/p2", thisEnd("backend", "p2", "https://p2-again"), 2, ALICE, at(6))),
                pipe(created("backend", "p3", null)),
                pipe(new PipeDeleted("backend/p3", null, ALICE, at(7))),
                slot(new BlueprintSlotTaken(DB_NEED, "frontend/q1", ALICE, at(8))),
                pipe(created("frontend", "q1", new PipeBinding(BlueprintKind.NEED, "db", "postgresqls", List.of()))),
                resource(new ResourceDataChanged("backend", obj("{'URI':'https://b1'}"), obj("{'URI':'https://b1'}"),
                        ALICE, at(8))),
                pipe(created("frontend", "q2", null)),
                pipe(new OtherEndUpdated("frontend/q2", new End("http://peer/y", "http://peer", null,
                        obj("{'AUD':'q2'}")), 1L, ALICE, at(9))),
                pipe(new PropagationAttemptFailed("frontend/q2", 1, false, 1, "peer answered 503", ALICE, at(9))),
                pipe(new PropagationFailed("frontend/q2", 1, false, 2, "peer answered 503", ALICE, at(10))),
                pipe(new PropagationRetryRequested("frontend/q2", ALICE, at(11))),
                pipe(new PropagationSucceeded("frontend/q2", 1, false, "http://peer/y", ALICE, at(12))),
                pipe(new OtherEndDetached("frontend/q2", End.EMPTY, ALICE, at(13))),
                pipe(new PropagationFailed("backend/p1", 2, false, 10, "peer gone", ALICE, at(13))),
                resource(new ResourceDataChanged("backend", obj("{'PORT':'1'}"),
                        obj("{'URI':'https://b1','PORT':'1'}"), ALICE, at(14))),
                resource(new ResourceDataChanged("frontend", obj("{'X':'y'}"), obj("{'X':'y'}"), ALICE, at(14)))));
    }

    private static Instant at(int minutes) {
        return T.plusSeconds(60L * minutes);
    }

    private static End thisEnd(String resource, String id, String uri) {
        return new End("http://b/" + resource + "/pipes/" + id, "http://b", null, obj("{'URI':'" + uri + "'}"));
    }

    private static PipeCreated created(String resource, String id, PipeBinding binding) {
        return new PipeCreated(resource + "/" + id, resource, id, thisEnd(resource, id, "https://" + id), End.EMPTY,
                binding, ALICE, at(0));
    }

    private DomainEventMessage<?> pipe(PipeEvent event) {
        return domainEvent("PipeAggregate", event.pipeKey(), event);
    }

    private DomainEventMessage<?> slot(Object event) {
        String key = event instanceof BlueprintSlotTaken t ? t.blueprintKey()
                : ((BlueprintSlotReleased) event).blueprintKey();
        return domainEvent("BlueprintSlots", key, event);
    }

    private DomainEventMessage<?> resource(ResourceDataChanged event) {
        return domainEvent("ResourceAggregate", event.resource(), event);
    }

    private DomainEventMessage<?> domainEvent(String type, String aggregate, Object payload) {
        long sequence = sequences.merge(aggregate, 1L, Long::sum) - 1;
        return new GenericDomainEventMessage<>(type, aggregate, sequence, payload);
    }

    /** Commits the events to the storage engine and hands them to the live projections, as the broker does. */
    private void commit(List<DomainEventMessage<?>> events) {
        engine.appendEvents(events);
        for (DomainEventMessage<?> message : events) {
            switch (message.getPayload()) {
                case PipeEvent event -> pipeProjection.on(event, message.getSequenceNumber());
                case BlueprintSlotTaken taken -> slotsProjection.on(taken);
                case BlueprintSlotReleased released -> slotsProjection.on(released);
                case ResourceDataChanged changed -> { } // no read model: the command side keeps it
                default -> throw new IllegalStateException("unexpected event " + message.getPayload());
            }
        }
    }

    private static Map<String, PipeView> views(PipeViewStore store) {
        Map<String, PipeView> views = new HashMap<>();
        for (String key : KEYS) {
            store.find(key).ifPresent(view -> views.put(key, view));
        }
        return views;
    }

    @Test
    void theHistoryHoldsEveryEventTypeTheReadModelsHandleAndOneTheyDoNot() {
        Set<Class<?>> types = history.stream().map(DomainEventMessage::getPayloadType).collect(Collectors.toSet());

        assertThat(types).containsAll(Arrays.asList(PipeEvent.class.getPermittedSubclasses()))
                .contains(BlueprintSlotTaken.class, BlueprintSlotReleased.class, ResourceDataChanged.class);
    }

    @Test
    void aRebuildGivesTheReadModelsOfLiveProcessing() {
        commit(history);
        MongoDatabase rebuilt = mongo.freshDatabase();
        PipeViewStore pipes = TestStores.pipes(rebuilt);
        BlueprintSlotsStore slots = new BlueprintSlotsStore(rebuilt);

        ReadModelRebuilder.Report report = new ReadModelRebuilder(engine, pipes, slots,
                new InstanceViewStore(rebuilt, SecretCodec.NONE), TestStores.REBUILD).rebuild();

        assertThat(views(livePipes)).hasSize(5);
        assertThat(views(pipes)).isEqualTo(views(livePipes));
        assertThat(pipes.failedPropagations()).isEqualTo(livePipes.failedPropagations())
                .extracting(PipeView::key).containsExactly("backend/p1");
        assertThat(pipes.list("backend")).isEqualTo(livePipes.list("backend"))
                .extracting(PipeView::pipeId).containsExactly("p1", "p2");
        assertThat(pipes.list("frontend")).isEqualTo(livePipes.list("frontend"));
        assertThat(slots.count(HTTPS_OFFER)).isEqualTo(liveSlots.count(HTTPS_OFFER)).isEqualTo(1);
        assertThat(slots.count(DB_NEED)).isEqualTo(liveSlots.count(DB_NEED)).isEqualTo(1);
        assertThat(report.events()).isEqualTo(history.size());
        assertThat(report.pipes()).isEqualTo(4);
    }

    @Test
    void aRebuildRepairsViewsThatAreWrongStaleOrMissing() {
        commit(history);
        Map<String, PipeView> expected = views(livePipes);
        int expectedOffer = liveSlots.count(HTTPS_OFFER);
        assertThat(livePipes.flush(Duration.ofSeconds(10))).as("stored, so the damage below shows").isTrue();
        // damage the live read model: a view claiming a future version, a view with no events, a lost view
        PipeView p1 = expected.get("backend/p1");
        livePipes.save(new PipeView("backend", "p1", End.EMPTY, End.EMPTY, null, 99, 9, null, true, T, T));
        livePipes.save(new PipeView("ghost", "x", End.EMPTY, End.EMPTY, null, 0, 1, null, false, T, T));
        liveDatabase.getCollection(PipeViewStore.COLLECTION).deleteOne(Filters.eq("_id", "backend/p2"));
        liveSlots.taken(HTTPS_OFFER, "ghost/x");
        liveSlots.released(DB_NEED, "frontend/q1");
        assertThat(views(livePipes)).isNotEqualTo(expected);

        new ReadModelRebuilder(engine, livePipes, liveSlots,
                new InstanceViewStore(liveDatabase, SecretCodec.NONE), TestStores.REBUILD).rebuild();

        assertThat(views(livePipes)).isEqualTo(expected).containsEntry("backend/p1", p1);
        assertThat(livePipes.find("ghost/x")).isEmpty();
        assertThat(livePipes.list("ghost")).isEmpty();
        assertThat(liveSlots.count(HTTPS_OFFER)).isEqualTo(expectedOffer);
        assertThat(liveSlots.count(DB_NEED)).isEqualTo(1);
    }

    @Test
    void eventsCommittedDuringTheRebuildAreCaughtUp() {
        commit(history);
        List<DomainEventMessage<?>> late = List.of(
                pipe(new ThisEndUpdated("backend/p1", thisEnd("backend", "p1", "https://p1-late"), 3, ALICE, at(9))),
                pipe(new PipeDeleted("frontend/q1", null, ALICE, at(9))),
                slot(new BlueprintSlotReleased(DB_NEED, "frontend/q1", ALICE, at(9))),
                resource(new ResourceDataChanged("frontend", obj("{'X':'late'}"), obj("{'X':'late'}"), ALICE, at(9))));
        // the storage engine accepts the late events right after the rebuild's first pass has read the store
        InMemoryEventStorageEngine racing = new InMemoryEventStorageEngine() {
            private boolean firstPass = true;

            @Override
            public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
                if (!firstPass) {
                    return super.readEvents(token, mayBlock);
                }
                firstPass = false;
                List<? extends TrackedEventMessage<?>> read;
                try (Stream<? extends TrackedEventMessage<?>> stream = super.readEvents(token, mayBlock)) {
                    read = stream.toList();
                }
                appendEvents(late);
                return read.stream();
            }
        };
        racing.appendEvents(history);
        commit(late);
        MongoDatabase rebuilt = mongo.freshDatabase();
        PipeViewStore pipes = TestStores.pipes(rebuilt);
        BlueprintSlotsStore slots = new BlueprintSlotsStore(rebuilt);

        ReadModelRebuilder.Report report = new ReadModelRebuilder(racing, pipes, slots,
                new InstanceViewStore(rebuilt, SecretCodec.NONE), TestStores.REBUILD).rebuild();

        assertThat(views(pipes)).isEqualTo(views(livePipes));
        assertThat(pipes.find("backend/p1")).hasValueSatisfying(v -> assertThat(v.thisEnd().data())
                .isEqualTo(obj("{'URI':'https://p1-late'}")));
        assertThat(pipes.list("frontend")).extracting(PipeView::pipeId).containsExactly("q2");
        assertThat(slots.count(DB_NEED)).isZero();
        assertThat(report.events()).isEqualTo(history.size() + late.size());
        assertThat(report.pipes()).isEqualTo(3);
    }

    @Test
    void aRebuildOfAnEmptyStoreEmptiesTheReadModels() {
        livePipes.save(new PipeView("ghost", "x", End.EMPTY, End.EMPTY, null, 0, 1, null, false, T, T));
        liveSlots.taken(HTTPS_OFFER, "ghost/x");

        ReadModelRebuilder.Report report = new ReadModelRebuilder(engine, livePipes, liveSlots,
                new InstanceViewStore(liveDatabase, SecretCodec.NONE), TestStores.REBUILD).rebuild();

        assertThat(livePipes.isEmpty()).isTrue();
        assertThat(liveSlots.count(HTTPS_OFFER)).isZero();
        assertThat(report.events()).isZero();
        assertThat(report.pipes()).isZero();
    }

    @Test
    void aRebuildReplacesTheInstanceViewsWithThoseOfLiveProcessing() {
        InstanceViewStore live = new InstanceViewStore(liveDatabase, SecretCodec.NONE);
        InstanceViewProjection projection = new InstanceViewProjection(live);
        List<DomainEventMessage<?>> events = List.of(
                instance(new ProvisionRequested("i1", "svc", "small", obj("{'size':'s'}"), null, null, 1, ALICE, at(0))),
                instance(new InstanceProvisioned("i1", 1, List.of("url"), at(1))),
                instance(new BindRequested("i1", "b1", null, null, 2, ALICE, at(2))),
                instance(new InstanceBound("i1", "b1", 2, "sealed-under-the-instance-key", at(3))),
                instance(new ProvisionRequested("i2", "svc", "small", null, null, null, 1, ALICE, at(4))),
                instance(new DeprovisionRequested("i2", 2, ALICE, at(5))));
        engine.appendEvents(events);
        events.forEach(m -> projection.on((InstanceEvent) m.getPayload(), m.getSequenceNumber()));
        List<InstanceView> expected = live.list(10);
        projection.on(new ProvisionRequested("ghost", "svc", "small", null, null, null, 1, ALICE, at(6)), 0);

        new ReadModelRebuilder(engine, livePipes, liveSlots, live, TestStores.REBUILD).rebuild();

        assertThat(live.list(10)).hasSize(2).isEqualTo(expected);
    }

    private DomainEventMessage<?> instance(InstanceEvent event) {
        return domainEvent("InstanceAggregate", event.instanceId(), event);
    }
}
