package dev.junction.command.backend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import dev.junction.api.backend.BackendCommands.RegisterBackend;
import dev.junction.api.backend.BackendCommands.RemoveBackend;
import dev.junction.api.backend.BackendEvents.BackendRegistered;
import dev.junction.api.backend.BackendEvents.BackendRemoved;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.NotFoundException;
import dev.junction.command.instance.InstanceStreamResolver;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

class BackendRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Actor OP = Actor.user("operator");

    private AggregateTestFixture<BackendAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(BackendAggregate.class);
        fixture.registerCommandTargetResolver(new InstanceStreamResolver());
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ObjectNode config(String json) {
        try {
            return (ObjectNode) new ObjectMapper().readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static BackendRegistered registered(String image, String config, String network) {
        return new BackendRegistered("pg", image, config(config), network, OP, NOW);
    }

    @Test
    void registeringRecordsTheWholeBackendInItsOwnStream() {
        fixture.givenNoPriorActivity()
                .when(new RegisterBackend("pg", "junction/pg-backend:dev", config("{'host':'127.0.0.1'}"), "host", OP))
                .expectSuccessfulHandlerExecution()
                .expectEvents(registered("junction/pg-backend:dev", "{'host':'127.0.0.1'}", "host"));
    }

    @Test
    void registeringAgainWithTheSameAttributesChangesNothing() {
        fixture.given(registered("junction/pg-backend:dev", "{'host':'h'}", "none"))
                .when(new RegisterBackend("pg", "junction/pg-backend:dev", config("{'host':'h'}"), "none", OP))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void registeringAgainWithAnotherConfigRecordsTheChange() {
        fixture.given(registered("junction/pg-backend:dev", "{'host':'h'}", "none"))
                .when(new RegisterBackend("pg", "junction/pg-backend:dev", config("{'host':'other'}"), "none", OP))
                .expectEvents(registered("junction/pg-backend:dev", "{'host':'other'}", "none"));
    }

    @Test
    void anImageMustBeALowerCaseBoundedReference() {
        fixture.givenNoPriorActivity()
                .when(new RegisterBackend("pg", "Junction/PG", config("{}"), "none", OP))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("image"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new RegisterBackend("pg", "a".repeat(BackendAggregate.MAX_IMAGE_LENGTH + 1), config("{}"),
                        "none", OP))
                .expectException(InvalidInputException.class)
                .expectNoEvents();
    }

    @Test
    void theConfigMustBeAnObject() {
        fixture.givenNoPriorActivity()
                .when(new RegisterBackend("pg", "junction/pg-backend:dev", null, "none", OP))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("config"))
                .expectNoEvents();
    }

    @Test
    void theNetworkIsNoneOrHost() {
        fixture.givenNoPriorActivity()
                .when(new RegisterBackend("pg", "junction/pg-backend:dev", config("{}"), "bridge", OP))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("network"))
                .expectNoEvents();
    }

    @Test
    void theNameFollowsTheIdRule() {
        fixture.givenNoPriorActivity()
                .when(new RegisterBackend("pg/../x", "junction/pg-backend:dev", config("{}"), "none", OP))
                .expectException(InvalidInputException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("name"))
                .expectNoEvents();
    }

    @Test
    void removingARegisteredBackendRecordsIt() {
        fixture.given(registered("junction/pg-backend:dev", "{}", "none"))
                .when(new RemoveBackend("pg", OP))
                .expectEvents(new BackendRemoved("pg", OP, NOW));
    }

    @Test
    void onlyARegisteredBackendCanBeRemoved() {
        fixture.givenNoPriorActivity()
                .when(new RemoveBackend("pg", OP))
                .expectException(NotFoundException.class)
                .expectNoEvents();
        fixture.given(registered("junction/pg-backend:dev", "{}", "none"), new BackendRemoved("pg", OP, NOW))
                .when(new RemoveBackend("pg", OP))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void aRemovedBackendCanBeRegisteredAgain() {
        fixture.given(registered("junction/pg-backend:dev", "{}", "none"), new BackendRemoved("pg", OP, NOW))
                .when(new RegisterBackend("pg", "junction/pg-backend:dev", config("{}"), "none", OP))
                .expectEvents(registered("junction/pg-backend:dev", "{}", "none"));
    }
}
