package dev.junction.command.blueprint;

import dev.junction.api.Actor;
import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotReleased;
import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotTaken;
import dev.junction.api.error.ConflictException;
import dev.junction.command.blueprint.SlotCommands.ReleaseSlot;
import dev.junction.command.blueprint.SlotCommands.TakeSlot;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The rules of {@link BlueprintSlots}, one fixture scenario per rule. */
class BlueprintSlotsTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    private static final Instant EARLIER = Instant.parse("2026-01-30T08:00:00Z");
    private static final String KEY = "db/needs/postgres";
    private static final Actor ALICE = Actor.user("alice");

    private AggregateTestFixture<BlueprintSlots> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(BlueprintSlots.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static BlueprintSlotTaken taken(String pipeKey) {
        return new BlueprintSlotTaken(KEY, pipeKey, ALICE, EARLIER);
    }

    @Test
    void theFirstSlotIsTaken() {
        fixture.givenNoPriorActivity()
                .when(new TakeSlot(KEY, "db/p1", 1, ALICE))
                .expectEvents(new BlueprintSlotTaken(KEY, "db/p1", ALICE, NOW));
    }

    @Test
    void aFullBlueprintConflictsNamingItsLimit() {
        fixture.given(taken("db/p1"), taken("db/p2"))
                .when(new TakeSlot(KEY, "db/p3", 2, ALICE))
                .expectException(ConflictException.class)
                .expectExceptionMessage("blueprint db/needs/postgres is full: it allows 2 pipes and has 2")
                .expectNoEvents();
    }

    @Test
    void maxPipesZeroMeansUnlimited() {
        fixture.given(taken("db/p1"), taken("db/p2"))
                .when(new TakeSlot(KEY, "db/p3", 0, ALICE))
                .expectEvents(new BlueprintSlotTaken(KEY, "db/p3", ALICE, NOW));
    }

    @Test
    void aPipeHoldsOneSlotAtMost() {
        fixture.given(taken("db/p1"))
                .when(new TakeSlot(KEY, "db/p1", 0, ALICE))
                .expectException(ConflictException.class)
                .expectExceptionMessage("pipe db/p1 already exists")
                .expectNoEvents();
    }

    @Test
    void aReleasedSlotIsFreeAgain() {
        fixture.given(taken("db/p1"), new BlueprintSlotReleased(KEY, "db/p1", ALICE, EARLIER))
                .when(new TakeSlot(KEY, "db/p2", 1, ALICE))
                .expectEvents(new BlueprintSlotTaken(KEY, "db/p2", ALICE, NOW));
    }

    @Test
    void releasingATakenSlotFreesIt() {
        fixture.given(taken("db/p1"))
                .when(new ReleaseSlot(KEY, "db/p1", ALICE))
                .expectEvents(new BlueprintSlotReleased(KEY, "db/p1", ALICE, NOW));
    }

    @Test
    void releasingASlotThatIsNotTakenChangesNothing() {
        fixture.given(taken("db/p1"))
                .when(new ReleaseSlot(KEY, "db/p2", ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
