package dev.junction.command.resource;

import dev.junction.api.Actor;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.resource.ResourceEvents.ResourceDataChanged;
import dev.junction.api.resource.ResourceCommands.UpdateResourceData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.junction.api.testing.Json.invalidField;
import static dev.junction.api.testing.Json.obj;

/** The rules of {@link ResourceAggregate}, one fixture scenario per rule. */
class ResourceAggregateTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    private static final Instant EARLIER = Instant.parse("2026-01-30T08:00:00Z");
    private static final Actor ALICE = Actor.user("alice");
    private static final Resource.Catalog CATALOG = new Resource.Catalog(List.of(
            new Resource("backend", obj("{'URI':'https://backend.example','KEEP':'k'}"), List.of(), List.of()),
            new Resource("bare", null, List.of(), List.of())));

    private AggregateTestFixture<ResourceAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ResourceAggregate.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(CATALOG);
    }

    private static UpdateResourceData update(String resource, String data) {
        return new UpdateResourceData(resource, obj(data), ALICE);
    }

    @Test
    void theFirstChangeIsMergedIntoTheDeclaredData() {
        fixture.givenNoPriorActivity()
                .when(update("backend", "{'URI':'https://moved.example'}"))
                .expectEvents(new ResourceDataChanged("backend", obj("{'URI':'https://moved.example'}"),
                        obj("{'URI':'https://moved.example','KEEP':'k'}"), ALICE, NOW));
    }

    @Test
    void aResourceWithoutDeclaredDataStartsEmpty() {
        fixture.givenNoPriorActivity()
                .when(update("bare", "{'NEW':'n'}"))
                .expectEvents(new ResourceDataChanged("bare", obj("{'NEW':'n'}"), obj("{'NEW':'n'}"), ALICE, NOW));
    }

    @Test
    void laterChangesAreMergedIntoTheLastDataNotTheDeclaredData() {
        fixture.given(new ResourceDataChanged("backend", obj("{'A':'1'}"), obj("{'A':'1','KEEP':'k'}"), ALICE,
                        EARLIER))
                .when(update("backend", "{'B':'2'}"))
                .expectEvents(new ResourceDataChanged("backend", obj("{'B':'2'}"), obj("{'A':'1','KEEP':'k','B':'2'}"),
                        ALICE, NOW));
    }

    @Test
    void aChangeThatChangesNothingIsNotRecorded() {
        fixture.given(new ResourceDataChanged("backend", obj("{'A':'1'}"), obj("{'A':'1'}"), ALICE, EARLIER))
                .when(update("backend", "{'A':'1'}"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anEmptyChangeIsRefusedNamingTheField() {
        fixture.givenNoPriorActivity()
                .when(update("backend", "{}"))
                .expectException(invalidField("data"))
                .expectNoEvents();
    }
}
