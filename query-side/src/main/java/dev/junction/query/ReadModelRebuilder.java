package dev.junction.query;

import dev.junction.api.blueprint.BlueprintMessages.BlueprintSlotReleased;
import dev.junction.api.blueprint.BlueprintMessages.BlueprintSlotTaken;
import dev.junction.api.pipe.PipeEvents.PipeEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.pipe.PipeView;
import dev.junction.api.resource.ResourceMessages.ResourceDataChanged;
import dev.junction.query.resource.ResourceDataProjection;
import dev.junction.query.blueprint.BlueprintSlotsStore;
import dev.junction.query.pipe.PipeViewFolder;
import dev.junction.query.pipe.PipeViewStore;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Rebuilds every read model from the event store. The pipe views are folded into a shadow
 * collection in batches and swapped in at the end, so queries keep answering during a rebuild;
 * events committed while it ran are applied in a catch-up pass after the swap.
 */
public class ReadModelRebuilder {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuilder.class);
    private static final int BATCH = 5_000;
    private static final int CACHE = 50_000;

    private final EventStorageEngine events;
    private final PipeViewStore pipes;
    private final BlueprintSlotsStore slots;
    private final ResourceDataProjection resourceData;

    public ReadModelRebuilder(EventStorageEngine events, PipeViewStore pipes, BlueprintSlotsStore slots,
                              ResourceDataProjection resourceData) {
        this.events = events;
        this.pipes = pipes;
        this.slots = slots;
        this.resourceData = resourceData;
    }

    public record Report(long events, long pipes, long millis) {
    }

    public synchronized Report rebuild() {
        long started = System.nanoTime();
        PipeViewStore.Shadow shadow = pipes.shadow();
        // the views of recently seen pipes stay in memory (most events touch a pipe seen shortly
        // before); only a pipe evicted from this cache is read back from the shadow collection
        Map<String, PipeView> cache = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PipeView> eldest) {
                return size() > CACHE;
            }
        };
        Map<String, PipeView> pending = new HashMap<>();
        Map<String, Set<String>> slotSets = new HashMap<>();
        Map<String, ObjectNode> resources = new HashMap<>();
        AtomicReference<TrackingToken> last = new AtomicReference<>();
        long count = 0;
        try (ShadowWriter writer = new ShadowWriter(shadow);
             Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> it = stream.iterator();
            while (it.hasNext()) {
                TrackedEventMessage<?> message = it.next();
                last.set(message.trackingToken());
                count++;
                Object payload = message.getPayload();
                if (payload instanceof PipeEvent event && message instanceof DomainEventMessage<?> domain) {
                    PipeView current = pending.get(event.pipeKey());
                    if (current == null) {
                        current = cache.get(event.pipeKey());
                    }
                    if (current == null) {
                        current = writer.find(event.pipeKey()).orElse(null);
                    }
                    PipeView next = PipeViewFolder.apply(current, event, domain.getSequenceNumber());
                    if (next != null) {
                        pending.put(event.pipeKey(), next);
                        cache.put(event.pipeKey(), next);
                    }
                    if (pending.size() >= BATCH) {
                        writer.write(List.copyOf(pending.values()));
                        pending.clear();
                    }
                } else if (payload instanceof BlueprintSlotTaken taken) {
                    slotSets.computeIfAbsent(taken.blueprintKey(), k -> new LinkedHashSet<>()).add(taken.pipeKey());
                } else if (payload instanceof BlueprintSlotReleased released) {
                    slotSets.computeIfAbsent(released.blueprintKey(), k -> new LinkedHashSet<>())
                            .remove(released.pipeKey());
                } else if (payload instanceof ResourceDataChanged changed) {
                    resources.put(changed.resource(), changed.merged());
                }
            }
            writer.write(List.copyOf(pending.values()));
            writer.awaitWritten();
        }
        slots.replaceAll(slotSets);
        resourceData.clear();
        resources.forEach(resourceData::save);
        shadow.swapIn();
        long caughtUp = catchUp(last.get());
        long millis = (System.nanoTime() - started) / 1_000_000;
        Report report = new Report(count + caughtUp, pipes.count(), millis);
        log.info("read models rebuilt from {} events in {} ms: {} live pipes", report.events(), millis, report.pipes());
        return report;
    }

    /**
     * Writes batches of views into the shadow on a thread of its own, so that reading and folding the
     * events (one core) and encoding and storing the views (another) overlap. At most
     * {@value #IN_FLIGHT} batches wait; a failed write fails the rebuild.
     */
    private static final class ShadowWriter implements AutoCloseable {
        private static final int IN_FLIGHT = 2;

        private final PipeViewStore.Shadow shadow;
        private final ExecutorService executor = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().name("read-model-rebuild-writer").daemon().unstarted(r));
        private final Deque<Future<?>> inFlight = new ArrayDeque<>();
        /** Pipes handed to the writer so far: any other pipe is new to the shadow, nothing to wait for. */
        private final Set<String> handedOver = new java.util.HashSet<>();

        ShadowWriter(PipeViewStore.Shadow shadow) {
            this.shadow = shadow;
        }

        void write(List<PipeView> views) {
            if (views.isEmpty()) {
                return;
            }
            while (inFlight.size() >= IN_FLIGHT) {
                await(inFlight.removeFirst());
            }
            views.forEach(view -> handedOver.add(view.key()));
            inFlight.addLast(executor.submit(() -> shadow.saveAll(views)));
        }

        /** The shadow's view of a pipe, once every batch that may hold it is written. */
        Optional<PipeView> find(String key) {
            if (!handedOver.contains(key)) {
                return Optional.empty();
            }
            awaitWritten();
            return shadow.find(key);
        }

        void awaitWritten() {
            while (!inFlight.isEmpty()) {
                await(inFlight.removeFirst());
            }
        }

        private static void await(Future<?> write) {
            try {
                write.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("read-model rebuild interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException("read-model rebuild failed to write views", e.getCause());
            }
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    /** Applies, idempotently, what was committed after {@code from}. */
    private long catchUp(TrackingToken from) {
        long count = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(from, false)) {
            Iterator<? extends TrackedEventMessage<?>> it = stream.iterator();
            while (it.hasNext()) {
                TrackedEventMessage<?> message = it.next();
                count++;
                Object payload = message.getPayload();
                if (payload instanceof PipeEvent event && message instanceof DomainEventMessage<?> domain) {
                    PipeView next = PipeViewFolder.apply(pipes.find(event.pipeKey()).orElse(null), event,
                            domain.getSequenceNumber());
                    if (next != null) {
                        pipes.save(next);
                    }
                } else if (payload instanceof BlueprintSlotTaken taken) {
                    slots.taken(taken.blueprintKey(), taken.pipeKey());
                } else if (payload instanceof BlueprintSlotReleased released) {
                    slots.released(released.blueprintKey(), released.pipeKey());
                } else if (payload instanceof ResourceDataChanged changed) {
                    resourceData.save(changed.resource(), changed.merged());
                }
            }
        }
        return count;
    }
}
