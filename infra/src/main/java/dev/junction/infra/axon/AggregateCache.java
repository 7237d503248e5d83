package dev.junction.infra.axon;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * The recently used aggregates, bounded by count and by weight (least recently used leave first), so
 * that a command on a busy pipe does not replay its events from PostgreSQL before it runs, while a few
 * thousand pipes with large ends cannot fill the heap. Axon's caching repository evicts an aggregate
 * whose unit of work rolls back; the event store's unique sequence numbers still guard against a stale copy.
 */
public class AggregateCache implements Cache {

    private final Map<Object, Object> entries;

    /** Bounded by count alone. */
    public AggregateCache(int maximumSize) {
        this(maximumSize, value -> 1);
    }

    /**
     * At most {@code maximumSize} aggregates weighing {@code maximumWeight} together ({@link AggregateWeights});
     * each counts as at least an equal share of the weight, which bounds the count too.
     */
    public AggregateCache(int maximumSize, long maximumWeight) {
        // weighed in KiB, so that a large bound over few entries stays within Caffeine's int weights
        this(Math.max(1, maximumWeight / 1024), value -> Math.max(Math.max(1, maximumWeight / 1024 / Math.max(1, maximumSize)),
                (AggregateWeights.of(value) + 1023) / 1024));
    }

    private AggregateCache(long maximumWeight, ToLongFunction<Object> weigher) {
        this.entries = Caffeine.newBuilder().maximumWeight(maximumWeight)
                .weigher((key, value) -> (int) Math.min(Integer.MAX_VALUE, weigher.applyAsLong(value)))
                .executor(Runnable::run).build().asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.computeIfAbsent(key, k -> valueSupplier.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.clear();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    /** Nothing in Junction listens to aggregate cache entries. */
    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        throw new UnsupportedOperationException("the aggregate cache has no entry listeners");
    }
}
