package dev.junction.query.pipe;

import dev.junction.api.pipe.JsonWeights;
import dev.junction.api.pipe.PipeView;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The pipe views a rebuild folds, written into a {@link PipeViewShadow} in batches on a thread of its
 * own, so that reading and folding the events (one core) and encoding and storing the views (another)
 * overlap. Recently folded views stay in memory (most events touch a pipe seen shortly before); only
 * a pipe evicted from there is read back from the shadow. Batches and the views kept are bounded by
 * weight as well as by count ({@link JsonWeights}), so a rebuild of large pipes fits the heap the
 * broker ran with. Used by one thread, the rebuild's.
 */
public final class RebuiltPipeViews implements PipeViewUpdates, AutoCloseable {

    private final PipeViewShadow shadow;
    private final Limits limits;
    private final Map<String, PipeView> unwritten = new HashMap<>();
    private long unwrittenWeight;
    private final Map<String, PipeView> recent;
    private long recentWeight;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("read-model-rebuild-writer").daemon().unstarted(r));
    private final Deque<Future<?>> inFlight = new ArrayDeque<>();
    /** Pipes handed to the writer so far: any other pipe is new to the shadow, nothing to wait for. */
    private final Set<String> handedOver = new HashSet<>();

    /**
     * @param batchSize         views per write to the shadow
     * @param batchWeight       what the views of one write may weigh together
     * @param batchesInFlight   batches handed to the writer thread and not yet written, at most
     * @param cachedViews       recently folded views kept in memory
     * @param cachedViewsWeight what those views may weigh together
     */
    public record Limits(int batchSize, long batchWeight, int batchesInFlight, int cachedViews,
                         long cachedViewsWeight) {
    }

    public RebuiltPipeViews(PipeViewShadow shadow, Limits limits) {
        this.shadow = shadow;
        this.limits = limits;
        this.recent = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The newest view folded so far; the events come in order, so it always holds the one before. */
    @Override
    public Optional<PipeView> findForUpdate(String key, long sequence) {
        PipeView view = unwritten.get(key);
        if (view == null) {
            view = recent.get(key);
        }
        return view != null ? Optional.of(view) : writtenView(key);
    }

    @Override
    public void replace(PipeView view) {
        long weight = JsonWeights.of(view);
        unwrittenWeight += weight - JsonWeights.of(unwritten.put(view.key(), view));
        recentWeight += weight - JsonWeights.of(recent.put(view.key(), view));
        for (var eldest = recent.entrySet().iterator();
             eldest.hasNext() && (recent.size() > limits.cachedViews() || recentWeight > limits.cachedViewsWeight()); ) {
            recentWeight -= JsonWeights.of(eldest.next().getValue());
            eldest.remove();
        }
        if (unwritten.size() >= limits.batchSize() || unwrittenWeight >= limits.batchWeight()) {
            handOver();
        }
    }

    /** Writes what is left and waits until the shadow holds every view folded. */
    public void finish() {
        handOver();
        awaitWritten();
    }

    private void handOver() {
        if (unwritten.isEmpty()) {
            return;
        }
        List<PipeView> batch = List.copyOf(unwritten.values());
        unwritten.clear();
        unwrittenWeight = 0;
        while (inFlight.size() >= limits.batchesInFlight()) {
            await(inFlight.removeFirst());
        }
        batch.forEach(view -> handedOver.add(view.key()));
        inFlight.addLast(writer.submit(() -> shadow.saveAll(batch)));
    }

    /** The shadow's view of a pipe, once every batch that may hold it is written. */
    private Optional<PipeView> writtenView(String key) {
        if (!handedOver.contains(key)) {
            return Optional.empty();
        }
        awaitWritten();
        return shadow.find(key);
    }

    private void awaitWritten() {
        while (!inFlight.isEmpty()) {
            await(inFlight.removeFirst());
        }
    }

    /** A failed write fails the rebuild. */
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
        writer.shutdownNow();
    }
}
