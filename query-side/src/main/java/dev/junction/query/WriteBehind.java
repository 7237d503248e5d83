package dev.junction.query;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Read-model documents written behind: {@link #put} makes a document pending at once, where the
 * read model's own reads see it ({@link #get}, {@link #values}), and one writer thread stores the
 * pending documents in bulk, the newest of each key only. A caller therefore never waits for MongoDB,
 * and MongoDB sees a few large writes instead of one small write per event (the embedded wire server
 * serialises all writes of a collection). A batch that fails, for whatever reason (an error such as
 * running out of memory included), stays pending and is retried with a back-off, and {@link #state()}
 * says so: the writer thread ends only at {@link #close()}, which stores everything pending before the
 * broker stops and says so when it cannot ({@link #whenClosedUnstored}: the read models then need a
 * rebuild at the next start). It runs to some 280 lines because the writer's loop, its back-off and
 * the waits of {@link #put}, {@link #flush} and {@link #close} share one lock and must be read together.
 *
 * @param <V> the document type; {@code keyOf} gives its key
 */
public final class WriteBehind<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteBehind.class);

    private final String what;
    private final Consumer<List<V>> storeBatch;
    private final Consumer<V> onStored;
    private final Limits limits;
    private final PendingDocuments<V> pending;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final Thread writer;
    private volatile boolean closing;
    private volatile State state = new State(true, null, null);
    private long storedRounds; // guarded by lock
    private volatile Runnable whenClosedUnstored = () -> { };

    /**
     * @param batchSize       documents per write
     * @param batchWeight     weight of the documents of one write (a heavier document goes alone)
     * @param maxPending      pending documents beyond which {@link #put} waits for the writer
     * @param maxPendingWeight weight of the pending documents beyond which {@link #put} waits for the writer
     * @param waitForRoom     how long {@link #put} waits for room before it goes on regardless
     * @param firstRetry      the wait before retrying a failed write, doubled at each failure up to {@code lastRetry}
     * @param lastRetry       the longest wait between retries; closing gives up once retries are this far apart
     * @param closeWait       how long {@link #close} waits for the writer to store what is pending
     */
    public record Limits(int batchSize, long batchWeight, int maxPending, long maxPendingWeight, Duration waitForRoom,
                         Duration firstRetry, Duration lastRetry, Duration closeWait) {
        /** Limits by count alone. */
        public Limits(int batchSize, int maxPending, Duration waitForRoom, Duration firstRetry, Duration lastRetry,
                      Duration closeWait) {
            this(batchSize, Long.MAX_VALUE, maxPending, Long.MAX_VALUE, waitForRoom, firstRetry, lastRetry, closeWait);
        }
    }

    /**
     * How the writer fares: {@code running} is false only once it has stopped (after {@link #close()});
     * {@code failure} is the error of the last write when it failed, and {@code failingSince} when the
     * writes started failing; both null once a write succeeds again.
     */
    public record State(boolean running, String failure, Instant failingSince) {
    }

    /** Documents weighing one each: limits by count. */
    public WriteBehind(String what, Function<V, String> keyOf, Consumer<List<V>> storeBatch, Consumer<V> onStored,
                       Limits limits) {
        this(what, keyOf, document -> 1, storeBatch, onStored, limits);
    }

    /**
     * @param what       names the documents in logs and the writer thread ("pipe views")
     * @param weigher    what a document weighs against the limits (an estimate of its size)
     * @param storeBatch stores one batch of documents in one write, or throws
     * @param onStored   called for each document once stored, before it stops being pending
     */
    public WriteBehind(String what, Function<V, String> keyOf, ToLongFunction<V> weigher,
                       Consumer<List<V>> storeBatch, Consumer<V> onStored, Limits limits) {
        this.what = what;
        this.storeBatch = storeBatch;
        this.onStored = onStored;
        this.limits = limits;
        this.pending = new PendingDocuments<>(keyOf, weigher);
        this.writer = Thread.ofPlatform().name(what.replace(' ', '-') + "-writer").daemon().unstarted(this::run);
        this.writer.start();
    }

    /** Makes {@code document} pending (replacing an older pending one of its key) and wakes the writer. */
    public void put(V document) {
        if (full()) {
            awaitRoom();
        }
        pending.put(document);
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private boolean full() {
        return pending.size() >= limits.maxPending() || pending.weight() >= limits.maxPendingWeight();
    }

    /** The pending document of {@code key}, or null when nothing of it waits to be stored. */
    public V get(String key) {
        return pending.get(key);
    }

    /** A snapshot of the pending documents. */
    public List<V> values() {
        return pending.values();
    }

    public int size() {
        return pending.size();
    }

    /** What the pending documents weigh together. */
    public long weight() {
        return pending.weight();
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Forgets everything pending (the read model it belongs to is being dropped). */
    public void clear() {
        pending.clear();
    }

    public State state() {
        State now = state;
        return writer.isAlive() ? now : new State(false, now.failure(), now.failingSince());
    }

    private void awaitRoom() {
        long deadline = System.nanoTime() + limits.waitForRoom().toNanos();
        lock.lock();
        try {
            while (full() && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("{} {} ({} bytes) waiting to be stored in MongoDB; going on without waiting",
                            pending.size(), what, pending.weight());
                    return;
                }
                drained.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** The writer thread: stores pending documents in bulk until closed with nothing pending. */
    private void run() {
        long backoffMillis = 0;
        while (true) {
            if (!awaitWork()) {
                return;
            }
            try {
                pending.inBatches(limits.batchSize(), limits.batchWeight(), this::store);
                backoffMillis = 0;
                state = new State(true, null, null);
            } catch (Throwable e) { // an Error too: the thread must outlive it, or nothing is ever stored again
                backoffMillis = Math.min(limits.lastRetry().toMillis(),
                        Math.max(limits.firstRetry().toMillis(), backoffMillis * 2));
                State before = state;
                state = new State(true, e.toString(), before.failingSince() != null ? before.failingSince() : Instant.now());
                log.error("storing {} {} in MongoDB failed ({}); retrying in {} ms", pending.size(), what, e, backoffMillis);
                if (closing && backoffMillis >= limits.lastRetry().toMillis()) {
                    log.error("giving up on {} {} at shutdown; the next start rebuilds the read models", pending.size(), what);
                    return;
                }
                pause(backoffMillis);
                continue;
            }
            lock.lock();
            try {
                storedRounds++;
                drained.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until something is pending; false once closing with nothing left. */
    private boolean awaitWork() {
        lock.lock();
        try {
            while (pending.isEmpty() && !closing) {
                work.await();
            }
            if (pending.isEmpty()) {
                drained.signalAll();
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            return true; // only closing may stop the writer, and it does so by the flag
        } finally {
            lock.unlock();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ignored) {
            // closing is said by the flag; the loop checks it
        }
    }

    private void store(List<V> batch) {
        storeBatch.accept(List.copyOf(batch));
        for (V document : batch) {
            onStored.accept(document);
            pending.removeStored(document); // unless a newer one arrived meanwhile
        }
    }

    /** Waits until every document pending now is stored (or {@code timeout} passed); true when they are. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = storedRounds + 2; // a round that started before this call may miss documents
            while (!pending.isEmpty() && storedRounds < target && writer.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                work.signal();
                drained.awaitNanos(left);
            }
            return pending.isEmpty() || storedRounds >= target;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return pending.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Stores every pending document, then stops the writer thread. */
    @Override
    public void close() {
        closing = true;
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(limits.closeWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!pending.isEmpty()) {
            log.error("{} {} were not stored in MongoDB at shutdown", pending.size(), what);
            whenClosedUnstored.run();
        }
    }

    /** What to do when closed with documents it could not store (the read models need a rebuild). */
    public void whenClosedUnstored(Runnable action) {
        this.whenClosedUnstored = action;
    }
}
