package dev.junction.query;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Read-model documents written behind: {@link #put} makes a document pending at once, where the
 * read model's own reads see it ({@link #get}, {@link #values}), and one writer thread stores the
 * pending documents in bulk, the newest of each key only. A caller therefore never waits for MongoDB,
 * and MongoDB sees a few large writes instead of one small write per event (the embedded wire server
 * serialises all writes of a collection). A batch that fails stays pending and is retried with a
 * back-off; {@link #close()} stores everything pending before the broker stops, and says so when it
 * cannot ({@link #whenClosedUnstored}: the read models then need a rebuild at the next start).
 *
 * @param <V> the document type; {@code keyOf} gives its key
 */
public final class WriteBehind<V> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteBehind.class);

    private final String what;
    private final Function<V, String> keyOf;
    private final Consumer<List<V>> storeBatch;
    private final Consumer<V> onStored;
    private final Limits limits;
    private final ConcurrentHashMap<String, V> pending = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final Thread writer;
    private volatile boolean closing;
    private long storedRounds; // guarded by lock
    private volatile Runnable whenClosedUnstored = () -> { };

    /**
     * @param batchSize   documents per write
     * @param maxPending  pending documents beyond which {@link #put} waits for the writer (bounded memory)
     * @param waitForRoom how long {@link #put} waits for room before it goes on regardless
     * @param firstRetry  the wait before retrying a failed write, doubled at each failure up to {@code lastRetry}
     * @param lastRetry   the longest wait between retries; closing gives up once retries are this far apart
     * @param closeWait   how long {@link #close} waits for the writer to store what is pending
     */
    public record Limits(int batchSize, int maxPending, Duration waitForRoom, Duration firstRetry,
                         Duration lastRetry, Duration closeWait) {
    }

    /**
     * @param what       names the documents in logs and the writer thread ("pipe views")
     * @param storeBatch stores up to {@code limits.batchSize()} documents in one write, or throws
     * @param onStored   called for each document once stored, before it stops being pending
     */
    public WriteBehind(String what, Function<V, String> keyOf, Consumer<List<V>> storeBatch, Consumer<V> onStored,
                       Limits limits) {
        this.what = what;
        this.keyOf = keyOf;
        this.storeBatch = storeBatch;
        this.onStored = onStored;
        this.limits = limits;
        this.writer = Thread.ofPlatform().name(what.replace(' ', '-') + "-writer").daemon().unstarted(this::run);
        this.writer.start();
    }

    /** Makes {@code document} pending (replacing an older pending one of its key) and wakes the writer. */
    public void put(V document) {
        if (pending.size() >= limits.maxPending()) {
            awaitRoom();
        }
        pending.put(keyOf.apply(document), document);
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The pending document of {@code key}, or null when nothing of it waits to be stored. */
    public V get(String key) {
        return pending.get(key);
    }

    /** A snapshot of the pending documents. */
    public List<V> values() {
        return List.copyOf(pending.values());
    }

    public int size() {
        return pending.size();
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Forgets everything pending (the read model it belongs to is being dropped). */
    public void clear() {
        pending.clear();
    }

    private void awaitRoom() {
        long deadline = System.nanoTime() + limits.waitForRoom().toNanos();
        lock.lock();
        try {
            while (pending.size() >= limits.maxPending() && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("{} {} waiting to be stored in MongoDB; going on without waiting", pending.size(), what);
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
            lock.lock();
            try {
                while (pending.isEmpty() && !closing) {
                    work.await();
                }
                if (pending.isEmpty()) {
                    drained.signalAll();
                    return; // closing, nothing left
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                storePending();
                backoffMillis = 0;
            } catch (RuntimeException e) {
                backoffMillis = Math.min(limits.lastRetry().toMillis(),
                        Math.max(limits.firstRetry().toMillis(), backoffMillis * 2));
                log.error("storing {} {} in MongoDB failed ({}); retrying in {} ms", pending.size(), what,
                        e.toString(), backoffMillis);
                if (closing && backoffMillis >= limits.lastRetry().toMillis()) {
                    log.error("giving up on {} {} at shutdown; the next start rebuilds the read models",
                            pending.size(), what);
                    return;
                }
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
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

    private void storePending() {
        List<V> batch = new ArrayList<>(Math.min(limits.batchSize(), pending.size()));
        for (V document : pending.values()) {
            batch.add(document);
            if (batch.size() == limits.batchSize()) {
                store(batch);
                batch.clear();
            }
        }
        store(batch);
    }

    private void store(Collection<V> batch) {
        if (batch.isEmpty()) {
            return;
        }
        storeBatch.accept(List.copyOf(batch));
        for (V document : batch) {
            onStored.accept(document);
            pending.remove(keyOf.apply(document), document); // unless a newer one arrived meanwhile
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
