package dev.junction.command.resource;

import dev.junction.api.Actor;
import dev.junction.api.resource.ResourceMessages.ResourceDataChanged;
import dev.junction.api.resource.ResourceMessages.UpdateResourceData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.junction.command.support.Json.invalidField;
import static dev.junction.command.support.Json.obj;

/** The rules of {@link ResourceAggregate}, one fixture scenario per rule. */
class ResourceAggregateTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    private static final Instant EARLIER = Instant.parse("2026-01-30T08:00:00Z");
    private static final Actor ALICE = Actor.user("alice");

    private AggregateTestFixture<ResourceAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ResourceAggregate.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static UpdateResourceData update(String data, String defaults) {
        return new UpdateResourceData("backend", obj(data), defaults == null ? null : obj(defaults), ALICE);
    }

    @Test
    void theFirstChangeIsMergedIntoTheDeclaredData() {
        fixture.givenNoPriorActivity()
                .when(update("{'URI':'https://moved.example'}", "{'URI':'https://backend.example','KEEP':'k'}"))
                .expectEvents(new ResourceDataChanged("backend", obj("{'URI':'https://moved.example'}"),
                        obj("{'URI':'https://moved.example','KEEP':'k'}"), ALICE, NOW));
    }

    @Test
    void aResourceWithoutDeclaredDataStartsEmpty() {
        fixture.givenNoPriorActivity()
                .when(update("{'NEW':'n'}", null))
                .expectEvents(new ResourceDataChanged("backend", obj("{'NEW':'n'}"), obj("{'NEW':'n'}"), ALICE, NOW));
    }

    @Test
    void laterChangesAreMergedIntoTheLastDataNotTheDeclaredData() {
        fixture.given(new ResourceDataChanged("backend", obj("{'A':'1'}"), obj("{'A':'1','KEEP':'k'}"), ALICE,
                        EARLIER))
                .when(update("{'B':'2'}", "{'KEEP':'declared','OLD':'o'}"))
                .expectEvents(new ResourceDataChanged("backend", obj("{'B':'2'}"), obj("{'A':'1','KEEP':'k','B':'2'}"),
                        ALICE, NOW));
    }

    @Test
    void aChangeThatChangesNothingIsNotRecorded() {
        fixture.given(new ResourceDataChanged("backend", obj("{'A':'1'}"), obj("{'A':'1'}"), ALICE, EARLIER))
                .when(update("{'A':'1'}", null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anEmptyChangeIsRefusedNamingTheField() {
        fixture.givenNoPriorActivity()
                .when(update("{}", null))
                .expectException(invalidField("data"))
                .expectNoEvents();
    }
}
