package dev.junction.infra.store;

import dev.junction.infra.peer.JunctionTestBase;
import dev.junction.query.blueprint.BlueprintSlotsProjection;
import dev.junction.query.pipe.PipeViewProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each read model's projection runs in a subscribing processor of its own: in the command's thread,
 * after commit (read-your-writes), with no token to keep.
 */
class ReadModelProcessorsTest extends JunctionTestBase {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void everyReadModelGroupIsASubscribingProcessor() {
        for (String group : List.of(PipeViewProjection.PROCESSING_GROUP, BlueprintSlotsProjection.PROCESSING_GROUP)) {
            EventProcessor processor = processing.eventProcessor(group).orElseThrow();
            assertThat(processor).as(group).isInstanceOf(SubscribingEventProcessor.class);
        }
    }
}
