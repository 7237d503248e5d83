package dev.junction.query.pipe;

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
 * a pipe evicted from there is read back from the shadow. Used by one thread, the rebuild's.
 */
public final class RebuiltPipeViews implements PipeViewUpdates, AutoCloseable {

    private final PipeViewShadow shadow;
    private final int batchSize;
    private final int batchesInFlight;
    private final Map<String, PipeView> unwritten = new HashMap<>();
    private final Map<String, PipeView> recent;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("read-model-rebuild-writer").daemon().unstarted(r));
    private final Deque<Future<?>> inFlight = new ArrayDeque<>();
    /** Pipes handed to the writer so far: any other pipe is new to the shadow, nothing to wait for. */
    private final Set<String> handedOver = new HashSet<>();

    /**
     * @param batchSize       views per write to the shadow
     * @param batchesInFlight batches handed to the writer thread and not yet written, at most
     * @param cachedViews     recently folded views kept in memory
     */
    public RebuiltPipeViews(PipeViewShadow shadow, int batchSize, int batchesInFlight, int cachedViews) {
        this.shadow = shadow;
        this.batchSize = batchSize;
        this.batchesInFlight = batchesInFlight;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PipeView> eldest) {
                return size() > cachedViews;
            }
        };
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
        unwritten.put(view.key(), view);
        recent.put(view.key(), view);
        if (unwritten.size() >= batchSize) {
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
        while (inFlight.size() >= batchesInFlight) {
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
