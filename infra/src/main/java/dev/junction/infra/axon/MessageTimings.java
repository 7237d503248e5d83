package dev.junction.infra.axon;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * How many messages a bus or processor handled and how long they took: one timer
 * ({@code <name>.messages}, count and total time) per payload type and outcome (success, failure,
 * ignored). Replaces Axon's counting and timing monitors, which look their meters up for every message
 * and keep client-side percentiles (docs/benchmarks.md). The timers of a payload type are made on its
 * first message and reused, so the tags may depend on the payload type only (as Axon's default tags do).
 */
final class MessageTimings<T extends Message<?>> implements MessageMonitor<T> {

    static final String SUFFIX = ".messages";

    private final String name;
    private final MeterRegistry registry;
    private final Function<Message<?>, Iterable<Tag>> tags;
    private final Map<Class<?>, Outcomes> byPayloadType = new ConcurrentHashMap<>();

    private record Outcomes(Timer success, Timer failure, Timer ignored) {
    }

    MessageTimings(String name, MeterRegistry registry, Function<Message<?>, Iterable<Tag>> tags) {
        this.name = name;
        this.registry = registry;
        this.tags = tags;
    }

    @Override
    public MonitorCallback onMessageIngested(T message) {
        Outcomes outcomes = byPayloadType.computeIfAbsent(message.getPayloadType(), type -> register(message));
        long start = System.nanoTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                outcomes.success().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }

            @Override
            public void reportFailure(Throwable cause) {
                outcomes.failure().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }

            @Override
            public void reportIgnored() {
                outcomes.ignored().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        };
    }

    private Outcomes register(Message<?> first) {
        Tags base = Tags.of(tags.apply(first));
        return new Outcomes(timer(base, "success"), timer(base, "failure"), timer(base, "ignored"));
    }

    private Timer timer(Tags base, String outcome) {
        return Timer.builder(name + SUFFIX).description("messages handled, by payload type and outcome")
                .tags(base.and("outcome", outcome)).register(registry);
    }
}
