package dev.junction.infra.axon;

import dev.junction.api.blueprint.Resource;
import dev.junction.api.pipe.PipeEvents;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.infra.delivery.ConfigDeliveryHandler;
import dev.junction.saga.propagation.PeerPropagationSaga;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;

import java.util.function.Predicate;

/**
 * Lets the streaming processors pass over events their handlers would read only to ignore, before
 * anything is deserialised, looked up or recorded for them:
 * <ul>
 *   <li>the propagation saga skips the events of pipes that have no peer ({@link PipeEvents#PEER}
 *       {@code false}); without this, each such event costs a payload read and a saga-store query;</li>
 *   <li>config delivery skips the events of resources that have no delivery sink (the resource is
 *       the first part of the event's aggregate id, the pipe key).</li>
 * </ul>
 * A handler that does not match still advances its processor's token, as before.
 */
public class EventRelevance implements HandlerEnhancerDefinition {

    private final Resource.Catalog catalog;

    public EventRelevance(Resource.Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        Class<?> declaring;
        try {
            declaring = original.declaringClass();
        } catch (RuntimeException notAMethod) {
            return original;
        }
        if (declaring == PeerPropagationSaga.class) {
            return new Filtered<>(original, EventRelevance::mayConcernAPeer);
        }
        if (declaring == ConfigDeliveryHandler.class) {
            return new Filtered<>(original, this::mayNeedDelivery);
        }
        return original;
    }

    /** False only for an event stating that its pipe had no peer, before or after it. */
    static boolean mayConcernAPeer(Message<?> message) {
        return !Boolean.FALSE.equals(message.getMetaData().get(PipeEvents.PEER));
    }

    /** False for a pipe event of a resource without a delivery sink. */
    boolean mayNeedDelivery(Message<?> message) {
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

    private static final class Filtered<T> extends WrappedMessageHandlingMember<T> {
        private final Predicate<Message<?>> relevant;

        Filtered(MessageHandlingMember<T> delegate, Predicate<Message<?>> relevant) {
            super(delegate);
            this.relevant = relevant;
        }

        @Override
        public boolean canHandle(Message<?> message) {
            return super.canHandle(message) && relevant.test(message);
        }
    }
}
