package dev.junction.query;

import dev.junction.query.support.TestStores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link WriteBehind}: pending documents are visible at once, stored newest-only, retried, flushed at close. */
class WriteBehindTest {

    private record Doc(String key, int value) {
    }

    private final Map<String, Integer> store = new ConcurrentHashMap<>();

    private void storeAll(List<Doc> batch) {
        batch.forEach(doc -> store.put(doc.key(), doc.value()));
    }

    @Test
    void aPendingDocumentIsSeenAtOnceAndStoredSoonAfter() {
        CountDownLatch release = new CountDownLatch(1);
        try (WriteBehind<Doc> writes = new WriteBehind<>("docs", Doc::key, batch -> {
            await(release);
            storeAll(batch);
        }, doc -> { }, TestStores.writes(10, 100))) {
            writes.put(new Doc("a", 1));
            assertThat(writes.get("a")).isEqualTo(new Doc("a", 1));
            assertThat(store).isEmpty(); // the writer is held back: nothing stored yet
            release.countDown();
            assertThat(writes.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(store).containsEntry("a", 1);
            assertThat(writes.get("a")).isNull();
            assertThat(writes.size()).isZero();
        }
    }

    @Test
    void onlyTheNewestDocumentOfAKeyIsStoredWhenSeveralWait() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger stored = new AtomicInteger();
        try (WriteBehind<Doc> writes = new WriteBehind<>("docs", Doc::key, batch -> {
            await(release);
            stored.addAndGet(batch.size());
            storeAll(batch);
        }, doc -> { }, TestStores.writes(10, 100))) {
            writes.put(new Doc("warm-up", 0)); // the writer takes this one and waits on the latch
            for (int i = 1; i <= 50; i++) {
                writes.put(new Doc("a", i));
            }
            release.countDown();
            assertThat(writes.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(store).containsEntry("a", 50);
            assertThat(stored.get()).isLessThanOrEqualTo(3); // warm-up, then "a" once (or twice if it raced)
        }
    }

    @Test
    void aFailedWriteStaysPendingAndIsRetried() {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        AtomicInteger attempts = new AtomicInteger();
        try (WriteBehind<Doc> writes = new WriteBehind<>("docs", Doc::key, batch -> {
            attempts.incrementAndGet();
            if (failOnce.getAndSet(false)) {
                throw new IllegalStateException("MongoDB unreachable");
            }
            storeAll(batch);
        }, doc -> { }, TestStores.writes(10, 100))) {
            writes.put(new Doc("a", 7));
            assertThat(writes.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(store).containsEntry("a", 7);
            assertThat(attempts.get()).isEqualTo(2);
        }
    }

    @Test
    void closeStoresEverythingPendingAndCallsBackPerStoredDocument() {
        Map<String, Integer> remembered = new ConcurrentHashMap<>();
        WriteBehind<Doc> writes = new WriteBehind<>("docs", Doc::key, this::storeAll,
                doc -> remembered.put(doc.key(), doc.value()), TestStores.writes(3, 1_000));
        for (int i = 0; i < 20; i++) {
            writes.put(new Doc("k" + i, i));
        }
        writes.close();
        assertThat(store).hasSize(20);
        assertThat(remembered).isEqualTo(store);
        assertThat(writes.isEmpty()).isTrue();
    }

    @Test
    void closeWithDocumentsThatCannotBeStoredSaysSo() {
        AtomicBoolean told = new AtomicBoolean();
        WriteBehind<Doc> writes = new WriteBehind<>("docs", Doc::key, batch -> {
            throw new IllegalStateException("MongoDB unreachable");
        }, doc -> { }, new WriteBehind.Limits(10, 100, Duration.ofSeconds(30), Duration.ofMillis(10),
                Duration.ofMillis(80), Duration.ofSeconds(30)));
        writes.whenClosedUnstored(() -> told.set(true));
        writes.put(new Doc("a", 1));
        writes.close(); // gives up once its back-off reaches the last retry's wait
        assertThat(told).isTrue();
        assertThat(writes.get("a")).isEqualTo(new Doc("a", 1));
    }

    @Test
    void anErrorInTheStoreNeitherEndsTheWriterNorGoesUnsaid() {
        AtomicInteger failures = new AtomicInteger(2);
        CountDownLatch failed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (WriteBehind<Doc> writes = new WriteBehind<>("docs", Doc::key, batch -> {
            if (failures.getAndDecrement() > 0) {
                failed.countDown();
                await(release);
                throw new OutOfMemoryError("Java heap space"); // an Error, not an exception
            }
            storeAll(batch);
        }, doc -> { }, new WriteBehind.Limits(10, 100, Duration.ofSeconds(30), Duration.ofMillis(10),
                Duration.ofMillis(20), Duration.ofSeconds(30)))) {
            writes.put(new Doc("a", 1));
            await(failed);
            release.countDown();
            assertThat(writes.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(store).containsEntry("a", 1);
            assertThat(writes.state()).isEqualTo(new WriteBehind.State(true, null, null));
        }
    }

    @Test
    void whileWritesFailTheStateSaysSinceWhenAndWhy() {
        try (WriteBehind<Doc> writes = new WriteBehind<>("docs", Doc::key, batch -> {
            throw new IllegalStateException("This store is closed");
        }, doc -> { }, new WriteBehind.Limits(10, 100, Duration.ofSeconds(30), Duration.ofMillis(10),
                Duration.ofMillis(20), Duration.ofSeconds(1)))) {
            writes.put(new Doc("a", 1));
            assertThat(writes.flush(Duration.ofMillis(300))).isFalse();
            WriteBehind.State state = writes.state();
            assertThat(state.running()).isTrue();
            assertThat(state.failure()).contains("This store is closed");
            assertThat(state.failingSince()).isNotNull();
        }
    }

    @Test
    void batchesAndTheRoomForPendingDocumentsAreBoundedByWeight() {
        List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try (WriteBehind<Doc> writes = new WriteBehind<>("docs", Doc::key, doc -> (long) doc.value(), batch -> {
            await(release);
            batchSizes.add(batch.size());
            storeAll(batch);
        }, doc -> { }, new WriteBehind.Limits(1_000, 250, 1_000, 1_000, Duration.ofSeconds(30),
                Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofSeconds(30)))) {
            writes.put(new Doc("warm-up", 100)); // the writer takes it and waits on the latch
            for (int i = 0; i < 9; i++) {
                writes.put(new Doc("k" + i, 100));
            }
            assertThat(writes.weight()).isEqualTo(1_000);
            Thread putter = Thread.ofPlatform().start(() -> writes.put(new Doc("over", 100)));
            while (putter.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            assertThat(writes.get("over")).as("no room: the put waits for the writer").isNull();
            release.countDown();
            join(putter);
            assertThat(writes.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(store).hasSize(11);
            assertThat(batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(2));
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
