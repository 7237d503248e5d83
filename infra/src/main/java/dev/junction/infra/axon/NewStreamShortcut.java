package dev.junction.infra.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Answers "no snapshot, no events" for an aggregate that has never had an event (a new pipe) without
 * asking the database, which saves the two queries of loading it. Only for a broker that is its event
 * store's only writer: it knows every aggregate with events, from a scan of the store at start-up and from
 * every append since, kept as a Bloom filter (2 MiB). An id the filter may have seen
 * is read as before; until the scan is done, every id is.
 */
public class NewStreamShortcut extends ForwardingEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(NewStreamShortcut.class);
    /** 2^24 bits (2 MiB) and 7 probes: 1 % false positives at 1.7 million ids; beyond, more new ids are read. */
    private static final int BITS_LOG2 = 24;
    private static final int PROBES = 7;

    private final AtomicLongArray seen = new AtomicLongArray(1 << (BITS_LOG2 - 6));
    private volatile boolean complete;

    public NewStreamShortcut(EventStorageEngine delegate) {
        super(delegate);
    }

    /** Reads the ids of every stream in the store, in the background; appends meanwhile are seen as they come. */
    public void scan(DataSource dataSource) {
        Thread.ofPlatform().name("event-stream-ids").daemon(true).start(() -> {
            long started = System.nanoTime();
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false); // PostgreSQL streams a result only inside a transaction
                try (Statement query = connection.createStatement()) {
                    query.setFetchSize(10_000);
                    long ids = 0;
                    try (ResultSet rows = query.executeQuery(
                            "SELECT DISTINCT aggregateIdentifier FROM DomainEventEntry")) {
                        while (rows.next()) {
                            remember(rows.getString(1));
                            ids++;
                        }
                    }
                    connection.rollback();
                    complete = true;
                    log.info("{} event streams known after {} ms: new ones are made without reading the store", ids,
                            (System.nanoTime() - started) / 1_000_000);
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("listing the event streams failed ({}); every aggregate is read from the store", e.toString());
            }
        });
    }

    /** True once every stream of the store is known. */
    public boolean complete() {
        return complete;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        for (EventMessage<?> event : events) { // before the append: a stream is never known too late
            if (event instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
                remember(domain.getAggregateIdentifier());
            }
        }
        super.appendEvents(events);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return isNew(aggregateIdentifier) ? Optional.empty() : super.readSnapshot(aggregateIdentifier);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return isNew(aggregateIdentifier) ? DomainEventStream.empty()
                : super.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    private boolean isNew(String aggregateIdentifier) {
        if (!complete) {
            return false;
        }
        long hash = hash(aggregateIdentifier);
        for (int i = 0; i < PROBES; i++) {
            int bit = bit(hash, i);
            if ((seen.get(bit >>> 6) & (1L << bit)) == 0) {
                return true;
            }
        }
        return false;
    }

    private void remember(String aggregateIdentifier) {
        long hash = hash(aggregateIdentifier);
        for (int i = 0; i < PROBES; i++) {
            int bit = bit(hash, i);
            long mask = 1L << bit;
            seen.getAndAccumulate(bit >>> 6, mask, (word, m) -> word | m);
        }
    }

    /** The i-th probe: double hashing of the two halves of one 64-bit hash. */
    private static int bit(long hash, int i) {
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32) | 1;
        return (h1 + i * h2) & ((1 << BITS_LOG2) - 1);
    }

    /** FNV-1a over the id's characters, mixed (SplitMix64's finaliser) so that both halves spread. */
    private static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
