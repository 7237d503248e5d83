package dev.junction.query;

import dev.junction.query.blueprint.BlueprintSlotUpdates;
import dev.junction.query.blueprint.BlueprintSlotsStore;
import dev.junction.query.instance.InstanceViewStore;
import dev.junction.query.instance.RebuiltInstanceViews;
import dev.junction.query.pipe.PipeViewShadow;
import dev.junction.query.pipe.PipeViewStore;
import dev.junction.query.pipe.RebuiltPipeViews;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Rebuilds every read model from the event store through the projections themselves
 * ({@link ReadModelProjections}). The pipe views are folded into a shadow collection and swapped in
 * at the end, so queries keep answering during a rebuild; events committed while it ran are applied
 * in a catch-up pass after the swap.
 */
public class ReadModelRebuilder {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuilder.class);

    /**
     * @param views        how the folded pipe views are batched and kept in memory
     * @param flushTimeout how long to wait for pending read-model writes before replacing or counting
     */
    public record Settings(RebuiltPipeViews.Limits views, Duration flushTimeout) {
    }

    private final EventStorageEngine events;
    private final PipeViewStore pipes;
    private final BlueprintSlotsStore slots;
    private final InstanceViewStore instances;
    private final Settings settings;

    public ReadModelRebuilder(EventStorageEngine events, PipeViewStore pipes, BlueprintSlotsStore slots,
                              InstanceViewStore instances, Settings settings) {
        this.events = events;
        this.pipes = pipes;
        this.slots = slots;
        this.instances = instances;
        this.settings = settings;
    }

    public record Report(long events, long pipes, long millis) {
    }

    public synchronized Report rebuild() {
        long started = System.nanoTime();
        PipeViewShadow shadow = pipes.shadow();
        Map<String, Set<String>> slotSets = new HashMap<>();
        RebuiltInstanceViews instanceViews = new RebuiltInstanceViews();
        TrackingToken last = null;
        long count = 0;
        try (RebuiltPipeViews rebuilt = new RebuiltPipeViews(shadow, settings.views());
             Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(null, false)) {
            ReadModelProjections projections = new ReadModelProjections(rebuilt, inMemory(slotSets), instanceViews);
            Iterator<? extends TrackedEventMessage<?>> it = stream.iterator();
            while (it.hasNext()) {
                TrackedEventMessage<?> message = it.next();
                last = message.trackingToken();
                count++;
                projections.apply(message);
            }
            rebuilt.finish();
        }
        slots.replaceAll(slotSets);
        instanceViews.replace(instances);
        shadow.swapIn();
        long caughtUp = catchUp(last);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Report report = new Report(count + caughtUp, pipes.count(settings.flushTimeout()), millis);
        log.info("read models rebuilt from {} events in {} ms: {} live pipes", report.events(), millis, report.pipes());
        return report;
    }

    private static BlueprintSlotUpdates inMemory(Map<String, Set<String>> slotSets) {
        return new BlueprintSlotUpdates() {
            @Override
            public void taken(String blueprintKey, String pipeKey) {
                slotSets.computeIfAbsent(blueprintKey, k -> new LinkedHashSet<>()).add(pipeKey);
            }

            @Override
            public void released(String blueprintKey, String pipeKey) {
                slotSets.computeIfAbsent(blueprintKey, k -> new LinkedHashSet<>()).remove(pipeKey);
            }
        };
    }

    /**
     * Applies what was committed after {@code from} to the live read models; every write there is
     * idempotent (version-guarded views, set operations), as the live projections
     * may have applied it too.
     */
    private long catchUp(TrackingToken from) {
        ReadModelProjections projections = new ReadModelProjections(pipes.versionGuarded(), slots, instances);
        long count = 0;
        try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(from, false)) {
            Iterator<? extends TrackedEventMessage<?>> it = stream.iterator();
            while (it.hasNext()) {
                count++;
                projections.apply(it.next());
            }
        }
        return count;
    }
}
