package dev.junction.infra.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** On a real PostgreSQL: a stream never written is answered without a query, every other one as stored. */
class NewStreamShortcutTest {

    private static PostgresEventStore store;

    @BeforeAll
    static void startPostgres() throws Exception {
        store = new PostgresEventStore();
        for (int i = 0; i < 500; i++) {
            store.jdbc.appendEvents(PostgresEventStore.event("before-" + i, 0), PostgresEventStore.event("before-" + i, 1));
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        store.close();
    }

    /** The JDBC engine, counting the reads of one aggregate that reach it. */
    private static final class CountingReads extends ForwardingEventStorageEngine {
        final AtomicInteger reads = new AtomicInteger();

        CountingReads() {
            super(store.jdbc);
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            reads.incrementAndGet();
            return super.readEvents(aggregateIdentifier, firstSequenceNumber);
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            reads.incrementAndGet();
            return super.readSnapshot(aggregateIdentifier);
        }
    }

    @Test
    void aNewStreamCostsNoQueryAndEveryStoredOrAppendedStreamIsReadWhole() {
        CountingReads counting = new CountingReads();
        NewStreamShortcut shortcut = new NewStreamShortcut(counting);
        assertThat(shortcut.readEvents("before-7").asStream().count()).as("before the scan, read as stored").isEqualTo(2);
        shortcut.appendEvents(java.util.List.of(PostgresEventStore.event("during-scan", 0)));
        shortcut.scan(store.dataSource);
        await().atMost(30, TimeUnit.SECONDS).until(shortcut::complete);
        int readsBefore = counting.reads.get();

        for (int i = 0; i < 100; i++) {
            assertThat(shortcut.readSnapshot("never-" + i)).isEmpty();
            assertThat(shortcut.readEvents("never-" + i).asStream().count()).isZero();
        }
        // a false positive may read a new stream from the store: at 1 % of 200 reads, a handful at most
        assertThat(counting.reads.get() - readsBefore).as("reads of 100 new streams that reached PostgreSQL")
                .isLessThan(10);

        for (int i = 0; i < 500; i++) {
            assertThat(shortcut.readEvents("before-" + i).asStream().map(DomainEventMessage::getSequenceNumber))
                    .as("stream before-%d, stored before the scan", i).containsExactly(0L, 1L);
        }
        assertThat(shortcut.readEvents("during-scan").asStream().count()).isEqualTo(1);
        shortcut.appendEvents(java.util.List.of(PostgresEventStore.event("after-scan", 0)));
        assertThat(shortcut.readEvents("after-scan").asStream().count()).as("appended after the scan").isEqualTo(1);
    }
}
