package dev.junction.query.pipe;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.junction.api.pipe.JsonWeights;
import dev.junction.api.pipe.PipeView;

import java.time.Duration;
import java.util.Map;

/**
 * The views most recently known to be stored in MongoDB, bounded by count and by weight (the length
 * of their ends' JSON, {@link JsonWeights}): the projection folds onto them
 * whatever their age; queries take them only while fresh, so that a change by another broker on the
 * same MongoDB shows within {@code freshFor}.
 */
final class KeptViews {

    /** A view as stored, and when this store last knew it to be the newest. */
    private record Kept(PipeView view, long atNanos) {
    }

    private final Map<String, Kept> kept;
    private final long freshNanos;

    /** At most {@code maximum} views weighing {@code maxWeight} together (each counts as at least an equal share). */
    KeptViews(int maximum, long maxWeight, Duration freshFor) {
        long share = Math.max(1, maxWeight / Math.max(1, maximum));
        this.kept = Caffeine.newBuilder().maximumWeight(maxWeight)
                .<String, Kept>weigher((key, view) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(share, JsonWeights.of(view.view()))))
                .executor(Runnable::run).<String, Kept>build().asMap();
        this.freshNanos = freshFor.toNanos();
    }

    /** The kept view of {@code key}, however old, or null. */
    PipeView any(String key) {
        Kept view = kept.get(key);
        return view == null ? null : view.view();
    }

    /** The kept view of {@code key} if it was known to be the newest less than {@code freshFor} ago, or null. */
    PipeView fresh(String key) {
        Kept view = kept.get(key);
        return view != null && System.nanoTime() - view.atNanos() < freshNanos ? view.view() : null;
    }

    /** Keeps a stored view unless a newer one is kept already. */
    void remember(PipeView view) {
        kept.merge(view.key(), new Kept(view, System.nanoTime()),
                (old, candidate) -> candidate.view().version() >= old.view().version() ? candidate : old);
    }

    void forget(String key) {
        kept.remove(key);
    }

    void clear() {
        kept.clear();
    }
}
