package dev.junction.infra.axon;

import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.AnnotatedHandlerInspector;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A rule that refuses every event still lets the class's deadlines (retries, watchdogs) through. */
class EventRelevanceDeadlineTest {

    static class Handlers {
        @EventHandler
        void on(String event) {
        }

        @DeadlineHandler(deadlineName = "retry")
        void retry() {
        }
    }

    @Test
    void deadlinesReachTheirHandlerWhateverTheEventRule() {
        EventRelevance relevance = new EventRelevance(Map.of(Handlers.class, message -> false));
        List<MessageHandlingMember<?>> members = AnnotatedHandlerInspector
                .inspectType(Handlers.class, ClasspathParameterResolverFactory.forClass(Handlers.class))
                .getHandlers(Handlers.class).<MessageHandlingMember<?>>map(relevance::wrapHandler).toList();

        Message<?> event = GenericEventMessage.asEventMessage("an event");
        Message<?> deadline = GenericDeadlineMessage.asDeadlineMessage("retry", null, java.time.Instant.now());
        assertThat(members.stream().anyMatch(m -> m.canHandle(event))).as("the rule refuses the event").isFalse();
        assertThat(members.stream().anyMatch(m -> m.canHandle(deadline))).as("the deadline passes").isTrue();
    }
}
