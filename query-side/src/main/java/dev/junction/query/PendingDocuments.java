package dev.junction.query;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The documents a {@link WriteBehind} has not stored yet, newest of each key, with their weight added
 * up, so that its bound can be in bytes: one pipe may hold a hundred thousand times the data of another.
 */
final class PendingDocuments<V> {

    private record Weighed<V>(V document, long weight) {
    }

    private final Function<V, String> keyOf;
    private final ToLongFunction<V> weigher;
    private final ConcurrentHashMap<String, Weighed<V>> documents = new ConcurrentHashMap<>();
    private final AtomicLong weight = new AtomicLong();

    PendingDocuments(Function<V, String> keyOf, ToLongFunction<V> weigher) {
        this.keyOf = keyOf;
        this.weigher = weigher;
    }

    void put(V document) {
        Weighed<V> added = new Weighed<>(document, weigher.applyAsLong(document));
        weight.addAndGet(added.weight());
        Weighed<V> replaced = documents.put(keyOf.apply(document), added);
        if (replaced != null) {
            weight.addAndGet(-replaced.weight());
        }
    }

    V get(String key) {
        Weighed<V> found = documents.get(key);
        return found == null ? null : found.document();
    }

    /** Removes {@code document} unless a newer one of its key replaced it meanwhile. */
    void removeStored(V document) {
        String key = keyOf.apply(document);
        Weighed<V> current = documents.get(key);
        if (current != null && current.document() == document && documents.remove(key, current)) {
            weight.addAndGet(-current.weight());
        }
    }

    List<V> values() {
        return documents.values().stream().map(Weighed::document).toList();
    }

    /**
     * Hands every pending document to {@code store} in batches of at most {@code maxCount} documents
     * and {@code maxWeight} (a heavier document goes alone), walking the table without copying it.
     */
    void inBatches(int maxCount, long maxWeight, Consumer<List<V>> store) {
        List<V> batch = new ArrayList<>();
        long batchWeight = 0;
        for (Weighed<V> next : documents.values()) {
            if (!batch.isEmpty() && (batch.size() >= maxCount || batchWeight + next.weight() > maxWeight)) {
                store.accept(batch);
                batch = new ArrayList<>();
                batchWeight = 0;
            }
            batch.add(next.document());
            batchWeight += next.weight();
        }
        if (!batch.isEmpty()) {
            store.accept(batch);
        }
    }

    int size() {
        return documents.size();
    }

    long weight() {
        return weight.get();
    }

    boolean isEmpty() {
        return documents.isEmpty();
    }

    void clear() {
        documents.clear();
        weight.set(0);
    }
}
