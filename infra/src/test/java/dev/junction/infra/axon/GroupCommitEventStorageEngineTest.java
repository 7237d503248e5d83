package dev.junction.infra.axon;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** On a real PostgreSQL: the appends of concurrent callers share transactions, and each keeps its own outcome. */
class GroupCommitEventStorageEngineTest {

    private static PostgresEventStore store;
    private static JdbcEventStorageEngine jdbc;
    private static final JacksonSerializer SERIALIZER = PostgresEventStore.SERIALIZER;

    @BeforeAll
    static void startPostgres() throws Exception {
        store = new PostgresEventStore();
        jdbc = store.jdbc;
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        store.close();
    }

    /** The JDBC engine, counting the transactions it is asked for, and holding the first one until released. */
    private static final class Counting extends ForwardingStorage {
        final AtomicInteger transactions = new AtomicInteger();
        final CountDownLatch firstHeld = new CountDownLatch(1);
        final CountDownLatch release;

        Counting(boolean holdFirst) {
            super(jdbc);
            release = new CountDownLatch(holdFirst ? 1 : 0);
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            if (transactions.incrementAndGet() == 1) {
                firstHeld.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.appendEvents(events);
        }
    }

    @Test
    void concurrentAppendsShareTransactionsAndAreAllDurable() throws Exception {
        Counting counting = new Counting(true);
        ExecutorService callers = Executors.newFixedThreadPool(32);
        try (GroupCommitEventStorageEngine engine = new GroupCommitEventStorageEngine(counting, SERIALIZER, 1_000)) {
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            appends.add(CompletableFuture.runAsync(() -> engine.appendEvents(event("shared-first", 0)), callers));
            assertThat(counting.firstHeld.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 200; i++) {
                String aggregate = "shared-" + i;
                appends.add(CompletableFuture.runAsync(
                        () -> engine.appendEvents(List.of(event(aggregate, 0), event(aggregate, 1))), callers));
            }
            Thread.sleep(200); // the callers are waiting behind the held transaction
            counting.release.countDown();
            CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(counting.transactions.get()).as("transactions for 201 appends").isLessThan(201 / 4);
            for (int i = 0; i < 200; i++) {
                assertThat(engine.readEvents("shared-" + i).asStream().map(DomainEventMessage::getSequenceNumber))
                        .containsExactly(0L, 1L);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aConflictFailsOnlyItsOwnCallerNotTheOthersOfItsTransaction() throws Exception {
        jdbc.appendEvents(event("taken", 0));
        Counting counting = new Counting(true);
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try (GroupCommitEventStorageEngine engine = new GroupCommitEventStorageEngine(counting, SERIALIZER, 1_000)) {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> engine.appendEvents(event("solo-first", 0)), callers);
            assertThat(counting.firstHeld.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Void>> neighbours = IntStream.range(0, 10).mapToObj(i -> CompletableFuture.runAsync(
                    () -> engine.appendEvents(event("neighbour-" + i, 0)), callers)).toList();
            CompletableFuture<Void> conflicting = CompletableFuture.runAsync(() -> engine.appendEvents(event("taken", 0)), callers);
            Thread.sleep(200);
            counting.release.countDown();

            first.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(neighbours.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(conflicting).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                    .havingRootCause().isInstanceOf(SQLException.class);
            assertThat(conflicting.handle((ok, e) -> e.getCause()).get())
                    .as("the same error as an append alone").isInstanceOf(AggregateStreamCreationException.class);
            for (int i = 0; i < 10; i++) {
                assertThat(engine.readEvents("neighbour-" + i).asStream().count()).as("neighbour %d", i).isEqualTo(1);
            }
            assertThat(engine.readEvents("taken").asStream().count()).as("nothing doubled").isEqualTo(1);
        } finally {
            callers.shutdownNow();
        }
    }

    private static DomainEventMessage<String> event(String aggregate, long sequence) {
        return PostgresEventStore.event(aggregate, sequence);
    }

    /** Passes everything to the engine it wraps. */
    private static class ForwardingStorage extends ForwardingEventStorageEngine {
        ForwardingStorage(EventStorageEngine to) {
            super(to);
        }
    }
}
