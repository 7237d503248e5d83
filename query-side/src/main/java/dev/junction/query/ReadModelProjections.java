package dev.junction.query;

import dev.junction.query.blueprint.BlueprintSlotUpdates;
import dev.junction.query.blueprint.BlueprintSlotsProjection;
import dev.junction.query.pipe.PipeViewProjection;
import dev.junction.query.pipe.PipeViewUpdates;
import dev.junction.query.pipe.ProjectionFailures;
import dev.junction.query.resource.ResourceDataProjection;
import dev.junction.query.resource.ResourceDataUpdates;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;

import java.util.List;

/**
 * Every read-model projection over the given stores, fed stored events through the same
 * {@code @EventHandler} methods that live processing calls: a rebuild cannot map an event
 * differently from live.
 */
final class ReadModelProjections {

    private final List<AnnotationEventHandlerAdapter> projections;

    ReadModelProjections(PipeViewUpdates pipes, BlueprintSlotUpdates slots, ResourceDataUpdates resourceData) {
        this.projections = List.of(
                new AnnotationEventHandlerAdapter(new PipeViewProjection(pipes, ProjectionFailures.RETHROW)),
                new AnnotationEventHandlerAdapter(new BlueprintSlotsProjection(slots)),
                new AnnotationEventHandlerAdapter(new ResourceDataProjection(resourceData)));
    }

    /** Hands the event to every projection that handles it (outside a unit of work: applied at once). */
    void apply(EventMessage<?> event) {
        for (AnnotationEventHandlerAdapter projection : projections) {
            try {
                projection.handle(event);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("read-model projection failed on " + event.getPayloadType(), e);
            }
        }
    }
}
