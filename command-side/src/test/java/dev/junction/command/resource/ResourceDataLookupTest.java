package dev.junction.command.resource;

import dev.junction.api.Actor;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.resource.ResourceEvents.ResourceDataChanged;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.junction.api.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

class ResourceDataLookupTest {

    private static final Actor ALICE = Actor.user("alice");
    private static final Resource.Catalog CATALOG = new Resource.Catalog(List.of(
            new Resource("backend", obj("{'DECLARED':'d'}"), List.of(), List.of()),
            new Resource("bare", null, List.of(), List.of())));

    private final EmbeddedEventStore events = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final ResourceDataLookup lookup = new ResourceDataLookup(events, CATALOG, true);

    private static ResourceDataChanged changed(String merged) {
        return new ResourceDataChanged("backend", obj(merged), obj(merged), ALICE, Instant.EPOCH);
    }

    private void stored(long sequence, String merged) {
        events.publish(new GenericDomainEventMessage<>("ResourceAggregate", "backend", sequence, changed(merged)));
    }

    @Test
    void aResourceNeverChangedHasItsDeclaredData() {
        assertThat(lookup.dataOf("backend")).contains(obj("{'DECLARED':'d'}"));
        assertThat(lookup.dataOf("bare")).isEmpty();
    }

    @Test
    void theAnswerIsACopy() {
        lookup.dataOf("backend").orElseThrow().put("LATER", "x");

        assertThat(lookup.dataOf("backend")).contains(obj("{'DECLARED':'d'}"));
        assertThat(CATALOG.find("backend").orElseThrow().data()).isEqualTo(obj("{'DECLARED':'d'}"));
    }

    @Test
    void aResourceNotSeenYetIsReadFromItsEventStreamAndTheLastChangeWins() {
        stored(0, "{'DECLARED':'d','N':'1'}");
        stored(1, "{'DECLARED':'d','N':'2'}");

        assertThat(lookup.dataOf("backend")).contains(obj("{'DECLARED':'d','N':'2'}"));
    }

    @Test
    void aChangeHeardReplacesWhatWasRead() {
        stored(0, "{'N':'1'}");
        lookup.dataOf("backend");

        lookup.on(changed("{'N':'2'}"), 1L);

        assertThat(lookup.dataOf("backend")).contains(obj("{'N':'2'}"));
    }

    @Test
    void anOlderChangeNeverReplacesANewerOne() {
        lookup.on(changed("{'N':'new'}"), 5L);
        lookup.on(changed("{'N':'old'}"), 4L);

        assertThat(lookup.dataOf("backend")).contains(obj("{'N':'new'}"));
    }

    @Test
    void aChangeCountsOnceItsUnitOfWorkCommits() {
        UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
        lookup.on(changed("{'N':'committed'}"), 0L);
        assertThat(lookup.dataOf("backend")).contains(obj("{'DECLARED':'d'}"));

        unit.commit();

        assertThat(lookup.dataOf("backend")).contains(obj("{'N':'committed'}"));
    }

    @Test
    void aRolledBackChangeNeverCounts() {
        UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
        lookup.on(changed("{'N':'rolled back'}"), 0L);

        unit.rollback();

        assertThat(lookup.dataOf("backend")).contains(obj("{'DECLARED':'d'}"));
    }

    @Test
    void aBrokerSharingItsEventStoreSeesTheChangesOfOtherBrokers() {
        ResourceDataLookup shared = new ResourceDataLookup(events, CATALOG, false);
        stored(0, "{'N':'1'}");
        assertThat(shared.dataOf("backend")).contains(obj("{'N':'1'}"));

        stored(1, "{'N':'2'}"); // appended by another broker: this one's handler never hears of it

        assertThat(shared.dataOf("backend")).contains(obj("{'N':'2'}"));
    }
}
