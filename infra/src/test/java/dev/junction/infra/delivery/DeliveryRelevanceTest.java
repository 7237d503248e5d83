package dev.junction.infra.delivery;

import dev.junction.api.Actor;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Config delivery is given the pipe events of resources with a sink only, known from the pipe key alone. */
class DeliveryRelevanceTest {

    private static final Actor USER = Actor.user("foo");

    private final DeliveryRelevance relevance = new DeliveryRelevance(new Resource.Catalog(List.of(
            new Resource("app", null, List.of(), List.of(),
                    new Resource.Delivery(Resource.Delivery.Type.DOTENV, "/tmp/app.env", null, null)),
            new Resource("db", null, List.of(), List.of(), null))));

    private static GenericDomainEventMessage<PipeDeleted> deleted(String pipeKey) {
        return new GenericDomainEventMessage<>("PipeAggregate", pipeKey, 2, new PipeDeleted(pipeKey, null, USER, Instant.now()));
    }

    @Test
    void passesOverThePipeEventsOfResourcesWithoutSink() {
        assertThat(relevance.test(deleted("app/x"))).isTrue();
        assertThat(relevance.test(deleted("db/x"))).isFalse();
        assertThat(relevance.test(deleted("gone/x"))).as("a resource no longer declared").isFalse();
    }

    @Test
    void givesEveryOtherEvent() {
        assertThat(relevance.test(new GenericDomainEventMessage<>("ResourceAggregate", "db", 1, "a resource's event")))
                .isTrue();
    }
}
