package dev.junction.infra.axon;

import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;

import java.util.Map;
import java.util.function.Predicate;

/**
 * Applies the rules by which event handlers declare which events may concern them (such as
 * {@code PeerPropagationSaga.mayConcern}): a handler of a class with a rule does not match an event
 * the rule refuses, so its streaming processor passes over the event before anything is deserialised,
 * looked up or recorded for it. A handler that does not match still advances its processor's token.
 */
public class EventRelevance implements HandlerEnhancerDefinition {

    private final Map<Class<?>, Predicate<? super Message<?>>> rules;

    /** @param rules by the class that declares the handlers, the events its handlers are given */
    public EventRelevance(Map<Class<?>, Predicate<? super Message<?>>> rules) {
        this.rules = Map.copyOf(rules);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        Class<?> declaring;
        try {
            declaring = original.declaringClass();
        } catch (RuntimeException notAMethod) {
            return original;
        }
        Predicate<? super Message<?>> rule = rules.get(declaring);
        return rule == null ? original : new Filtered<>(original, rule);
    }

    private static final class Filtered<T> extends WrappedMessageHandlingMember<T> {
        private final Predicate<? super Message<?>> relevant;

        Filtered(MessageHandlingMember<T> delegate, Predicate<? super Message<?>> relevant) {
            super(delegate);
            this.relevant = relevant;
        }

        /** The rules are about events: a deadline (a saga's retry or watchdog) always reaches its handler. */
        @Override
        public boolean canHandle(Message<?> message) {
            return super.canHandle(message) && (message instanceof DeadlineMessage<?> || relevant.test(message));
        }
    }
}
