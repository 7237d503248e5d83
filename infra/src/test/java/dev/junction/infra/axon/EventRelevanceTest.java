package dev.junction.infra.axon;

import dev.junction.api.Actor;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeEvents;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import dev.junction.infra.delivery.ConfigDeliveryHandler;
import dev.junction.infra.delivery.DeliveryRelevance;
import dev.junction.infra.peer.JunctionTestBase;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running broker's streaming processors pass over events that cannot concern them
 * (the rules of {@code PeerPropagationSaga.mayConcern} and {@link DeliveryRelevance}, applied by
 * {@link EventRelevance}), and still take every event that may.
 */
class EventRelevanceTest extends JunctionTestBase {

    private static final Actor USER = Actor.user("foo");

    @Autowired
    EventProcessingConfiguration processing;

    private EventHandlerInvoker saga() {
        return processing.eventProcessor("PeerPropagationSagaProcessor", AbstractEventProcessor.class)
                .orElseThrow().eventHandlerInvoker();
    }

    private EventHandlerInvoker delivery() {
        return processing.eventProcessor(ConfigDeliveryHandler.PROCESSING_GROUP, AbstractEventProcessor.class)
                .orElseThrow().eventHandlerInvoker();
    }

    private static EventMessage<?> updated(String pipeKey, MetaData metaData) {
        End end = new End("http://127.0.0.1/" + pipeKey, "http://127.0.0.1", null, null);
        return new GenericDomainEventMessage<>("PipeAggregate", pipeKey, 3,
                new ThisEndUpdated(pipeKey, end, 2, USER, Instant.now()), metaData);
    }

    @Test
    void theSagaPassesOverChangesOfPipesWithoutPeer() {
        assertThat(saga().canHandle(updated("db/local", MetaData.with(PipeEvents.PEER, false)), Segment.ROOT_SEGMENT))
                .isFalse();
        assertThat(saga().canHandle(updated("db/peered", MetaData.with(PipeEvents.PEER, true)), Segment.ROOT_SEGMENT))
                .isTrue();
        assertThat(saga().canHandle(updated("db/older", MetaData.emptyInstance()), Segment.ROOT_SEGMENT))
                .as("an event written before the flag existed").isTrue();
        EventMessage<?> deleted = new GenericDomainEventMessage<>("PipeAggregate", "db/local", 4,
                new PipeDeleted("db/local", null, USER, Instant.now()));
        assertThat(saga().canHandle(deleted, Segment.ROOT_SEGMENT)).as("deletions are not flagged").isTrue();
    }

    @Test
    void configDeliveryPassesOverResourcesWithoutSink() {
        assertThat(delivery().canHandle(updated("db/x", MetaData.emptyInstance()), Segment.ROOT_SEGMENT)).isFalse();
        assertThat(delivery().canHandle(updated("app/x", MetaData.emptyInstance()), Segment.ROOT_SEGMENT)).isTrue();
        assertThat(delivery().canHandle(updated("hooked/x", MetaData.emptyInstance()), Segment.ROOT_SEGMENT))
                .isTrue();
    }
}
