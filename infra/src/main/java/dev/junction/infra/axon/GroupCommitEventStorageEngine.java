package dev.junction.infra.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Appends the events of the units of work that commit at about the same time in one transaction, so one
 * commit (and one fsync) carries many commands' writes. Each caller still waits until its own events
 * are durable and gets its own outcome: when the shared transaction fails (one command's conflict, say),
 * each of its callers' events is appended again alone, so a neighbour's failure is never a caller's.
 *
 * <p>One writer thread takes whatever waits, up to {@code maxEvents} at a time; the callers serialise
 * their events beforehand, so the writer only talks to the database. Appends inside a transaction of
 * their own (a processor's) go straight through, as part of it.
 */
public class GroupCommitEventStorageEngine extends ForwardingEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitEventStorageEngine.class);

    private final Serializer eventSerializer;
    private final int maxEvents;
    private final LinkedBlockingQueue<Append> waiting = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    private record Append(List<? extends EventMessage<?>> events, CompletableFuture<Void> done) {
    }

    public GroupCommitEventStorageEngine(EventStorageEngine delegate, Serializer eventSerializer, int maxEvents) {
        super(delegate);
        this.eventSerializer = eventSerializer;
        this.maxEvents = maxEvents;
        this.writer = Thread.ofPlatform().name("event-store-writer").daemon(true).start(this::write);
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        if (closed || Thread.currentThread() == writer || TransactionSynchronizationManager.isActualTransactionActive()) {
            delegate.appendEvents(events);
            return;
        }
        for (EventMessage<?> event : events) { // kept by each message for the writer to reuse
            event.serializePayload(eventSerializer, byte[].class);
            event.serializeMetaData(eventSerializer, byte[].class);
        }
        Append append = new Append(events, new CompletableFuture<>());
        waiting.add(append);
        if (closed && waiting.remove(append)) { // closed meanwhile: no writer will take it
            appendAlone(append);
        }
        try {
            append.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while its events were appended; they may be stored", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException("appending events failed", e.getCause());
        }
    }

    private void write() {
        List<Append> group = new ArrayList<>();
        while (!closed) {
            try {
                group.add(waiting.take());
                int events = group.getFirst().events().size();
                Append next;
                while (events < maxEvents && (next = waiting.peek()) != null
                        && events + next.events().size() <= maxEvents && waiting.remove(next)) {
                    group.add(next); // removed here, not by close() meanwhile
                    events += next.events().size();
                }
                append(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable unexpected) { // the writer must outlive any failure; each caller hears its own
                log.error("the event store writer failed", unexpected);
                group.forEach(a -> a.done().completeExceptionally(unexpected));
            } finally {
                group.clear();
            }
        }
    }

    private void append(List<Append> group) {
        if (group.size() == 1) {
            appendAlone(group.getFirst());
            return;
        }
        List<EventMessage<?>> all = new ArrayList<>();
        group.forEach(a -> all.addAll(a.events()));
        try {
            delegate.appendEvents(all);
        } catch (RuntimeException sharedFailure) {
            group.forEach(this::appendAlone); // find whose events failed: only theirs
            return;
        }
        group.forEach(a -> a.done().complete(null));
    }

    private void appendAlone(Append append) {
        try {
            delegate.appendEvents(append.events());
            append.done().complete(null);
        } catch (RuntimeException failure) {
            append.done().completeExceptionally(failure);
        }
    }

    /** Appends still waiting are written by their callers from now on; the writer stops. */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        Append left;
        while ((left = waiting.poll()) != null) {
            appendAlone(left);
        }
    }
}
