package dev.junction.infra.delivery;

import dev.junction.api.blueprint.Resource;
import dev.junction.api.pipe.PipeKeys;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;

import java.util.function.Predicate;

/**
 * The events {@link ConfigDeliveryHandler} is given: all but the pipe events of a resource without a
 * delivery sink. The resource is the first part of the pipe key, the event's aggregate id, so the
 * processor passes over such an event without reading its payload or asking its dead-letter queue.
 */
public final class DeliveryRelevance implements Predicate<Message<?>> {

    private final Resource.Catalog catalog;

    public DeliveryRelevance(Resource.Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public boolean test(Message<?> message) {
        String pipeKey = pipeKeyOf(message);
        if (pipeKey == null) {
            return true;
        }
        return catalog.find(PipeKeys.resourceOf(pipeKey))
                .map(resource -> resource.delivery() != null)
                .orElse(false);
    }

    /** The pipe key of a pipe's event, from its aggregate id (no payload read); null for other messages. */
    public static String pipeKeyOf(Message<?> message) {
        return message instanceof DomainEventMessage<?> event && "PipeAggregate".equals(event.getType())
                ? event.getAggregateIdentifier() : null;
    }
}
