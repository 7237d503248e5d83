package dev.junction.infra.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The event stream of Junction's streaming processors: it reads the event store directly and tells a
 * processor the moment an event commits.
 *
 * <p>Axon's pooled processors poll the JDBC event store's streams every 500 ms, and a propagation
 * crosses several processors in a row, so the polls add up (docs/benchmarks.md). Here every unit of
 * work that publishes events signals each open stream after its commit, and the stream reads what was
 * committed with one query. Events appended by another broker process on the same database are read
 * after {@code junction.event-store.idle-read-interval}.
 */
public class CommitNotifyingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final EventStorageEngine storage;
    /** A stream that heard nothing for this long reads the store anyway (events from elsewhere). */
    private final long staleNanos;
    /** A stream reads at most once in this time, however many commits it hears of meanwhile. */
    private final long paceNanos;
    private final Set<CommitStream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("event-stream-pacer").daemon(true).factory());

    public CommitNotifyingEventSource(EventStorageEngine storage, EventStore publishedTo, Duration idleReadInterval) {
        this(storage, publishedTo, idleReadInterval, Duration.ZERO);
    }

    /**
     * {@code minReadInterval}: under a stream of commits each processor reads once per interval, so one
     * query brings the events of many commits instead of one each (a processor is never further behind
     * than this while it keeps up).
     */
    public CommitNotifyingEventSource(EventStorageEngine storage, EventStore publishedTo, Duration idleReadInterval,
                                      Duration minReadInterval) {
        this.storage = storage;
        this.staleNanos = idleReadInterval.toNanos();
        this.paceNanos = minReadInterval.toNanos();
        publishedTo.subscribe(events -> {
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().root().afterCommit(u -> committed());
            } else {
                committed();
            }
        });
    }

    /** Events were committed: every open stream has something to read. */
    void committed() {
        for (CommitStream stream : open) {
            stream.signal();
        }
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        CommitStream stream = new CommitStream(token);
        open.add(stream);
        return stream;
    }

    @Override
    public TrackingToken createTailToken() {
        return storage.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return storage.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return storage.createTokenAt(dateTime);
    }

    private final class CommitStream implements BlockingStream<TrackedEventMessage<?>> {

        private final Object lock = new Object();
        private TrackingToken last;
        private Stream<? extends TrackedEventMessage<?>> batch;
        private Iterator<? extends TrackedEventMessage<?>> events;
        private TrackedEventMessage<?> peeked;
        private volatile boolean dirty = true;
        private long readAt;
        private volatile Runnable onAvailable;
        private volatile boolean wakeScheduled;

        CommitStream(TrackingToken from) {
            this.last = from;
            this.readAt = System.nanoTime() - paceNanos - staleNanos; // as if read long ago: the first read is now
        }

        void signal() {
            synchronized (lock) {
                dirty = true;
                lock.notifyAll();
            }
            Runnable callback = onAvailable;
            if (callback != null) {
                callback.run();
            }
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.onAvailable = callback;
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(advance());
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (advance() != null) {
                return true;
            }
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                synchronized (lock) {
                    long pause = dirty ? readAt + paceNanos - System.nanoTime() : left;
                    if (pause > 0) {
                        TimeUnit.NANOSECONDS.timedWait(lock, Math.min(pause, left));
                    }
                }
                if (advance() != null) {
                    return true;
                }
            }
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (!hasNextAvailable(1, TimeUnit.SECONDS)) {
                // wait for the next commit
            }
            TrackedEventMessage<?> next = peeked;
            peeked = null;
            last = next.trackingToken();
            return next;
        }

        /** The next event, reading the store when the current batch is used up and something committed. */
        private TrackedEventMessage<?> advance() {
            if (peeked != null) {
                return peeked;
            }
            if (events != null && events.hasNext()) {
                peeked = events.next();
                return peeked;
            }
            closeBatch();
            long sinceRead = System.nanoTime() - readAt;
            if (!dirty && sinceRead < staleNanos) {
                return null;
            }
            if (dirty && sinceRead < paceNanos) {
                wakeAfter(paceNanos - sinceRead); // a processor waiting for the callback reads then
                return null;
            }
            dirty = false; // a commit during the read sets it again
            readAt = System.nanoTime();
            batch = storage.readEvents(last, false);
            events = batch.iterator();
            if (events.hasNext()) {
                peeked = events.next();
            }
            return peeked;
        }

        private void wakeAfter(long nanos) {
            if (!wakeScheduled && onAvailable != null) {
                wakeScheduled = true;
                pacer.schedule(() -> {
                    wakeScheduled = false;
                    Runnable callback = onAvailable;
                    if (callback != null) {
                        callback.run();
                    }
                }, nanos, TimeUnit.NANOSECONDS);
            }
        }

        private void closeBatch() {
            if (batch != null) {
                batch.close();
                batch = null;
                events = null;
            }
        }

        @Override
        public void close() {
            open.remove(this);
            onAvailable = null;
            closeBatch();
        }
    }
}
