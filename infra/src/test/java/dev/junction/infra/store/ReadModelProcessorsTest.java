package dev.junction.infra.store;

import dev.junction.command.resource.ResourceDataLookup;
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
 * The read models' projections and the command side's resource data lookup run in one subscribing
 * processor: in the command's thread, current once it commits (read-your-writes), with no token to keep.
 */
class ReadModelProcessorsTest extends JunctionTestBase {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void everyReadModelGroupIsASubscribingProcessor() {
        for (String group : List.of(PipeViewProjection.PROCESSING_GROUP, BlueprintSlotsProjection.PROCESSING_GROUP,
                ResourceDataLookup.PROCESSING_GROUP)) {
            EventProcessor processor = processing.eventProcessorByProcessingGroup(group).orElseThrow();
            assertThat(processor).as(group).isInstanceOf(SubscribingEventProcessor.class);
            assertThat(processor.getName()).as(group).isEqualTo("after-commit");
        }
    }
}
