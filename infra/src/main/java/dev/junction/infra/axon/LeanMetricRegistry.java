package dev.junction.infra.axon;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.queryhandling.QueryMessage;

import java.util.List;
import java.util.function.Function;

/**
 * Axon's Micrometer metrics for the command bus, the query bus and each event processor, made cheap:
 * one timer per payload type and outcome ({@link MessageTimings}) instead of Axon's counters and
 * percentile timers, each processor's latency as Axon measures it, and none of Axon's capacity
 * monitors, which keep a timestamp of every message of the last ten minutes (docs/benchmarks.md). The
 * timers tell the same (time spent handling, per second) in constant memory.
 */
public class LeanMetricRegistry extends GlobalMetricRegistry {

    public LeanMetricRegistry(MeterRegistry registry) {
        super(registry);
    }

    // without tags (axon.metrics.micrometer.dimensional: false): the same monitors, untagged

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(String name) {
        return registerEventProcessor(name, LeanMetricRegistry::noTags, LeanMetricRegistry::noTags);
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(String name) {
        return registerCommandBus(name, LeanMetricRegistry::noTags);
    }

    @Override
    public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(String name) {
        return registerQueryBus(name, LeanMetricRegistry::noTags);
    }

    private static Iterable<Tag> noTags(Message<?> message) {
        return Tags.empty();
    }

    @Override
    public MessageMonitor<? super EventMessage<?>> registerEventProcessor(
            String name, Function<Message<?>, Iterable<Tag>> tags, Function<Message<?>, Iterable<Tag>> latencyTags) {
        return new MultiMessageMonitor<EventMessage<?>>(List.of(
                new MessageTimings<>(name, getRegistry(), tags),
                EventProcessorLatencyMonitor.builder().meterNamePrefix(name).meterRegistry(getRegistry())
                        .tagsBuilder(latencyTags).build()));
    }

    @Override
    public MessageMonitor<? super CommandMessage<?>> registerCommandBus(String name,
                                                                        Function<Message<?>, Iterable<Tag>> tags) {
        return countedAndTimed(name, tags);
    }

    @Override
    public MessageMonitor<? super QueryMessage<?, ?>> registerQueryBus(String name,
                                                                       Function<Message<?>, Iterable<Tag>> tags) {
        return countedAndTimed(name, tags);
    }

    private MessageMonitor<Message<?>> countedAndTimed(String name, Function<Message<?>, Iterable<Tag>> tags) {
        return new MessageTimings<>(name, getRegistry(), tags);
    }
}
