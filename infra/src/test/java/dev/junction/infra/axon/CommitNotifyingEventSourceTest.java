package dev.junction.infra.axon;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CommitNotifyingEventSourceTest {

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(storage).build();
    private final CommitNotifyingEventSource source = new CommitNotifyingEventSource(storage, store, Duration.ofSeconds(1));

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    private void publishInUnitOfWork(String payload) {
        DefaultUnitOfWork.startAndGet(null).execute(() -> store.publish(GenericEventMessage.asEventMessage(payload)));
    }

    @Test
    void aCommitCallsTheStreamsCallbackAndTheEventIsThereToRead() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        assertThat(stream.hasNextAvailable()).isFalse();
        CountDownLatch called = new CountDownLatch(1);
        assertThat(stream.setOnAvailableCallback(called::countDown)).isTrue();

        publishInUnitOfWork("first");

        assertThat(called.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.peek()).get().extracting(m -> m.getPayload()).isEqualTo("first");
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
        assertThat(stream.hasNextAvailable()).isFalse();
        stream.close();
    }

    @Test
    void aRolledBackUnitOfWorkCallsNoCallback() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        AtomicInteger calls = new AtomicInteger();
        stream.setOnAvailableCallback(calls::incrementAndGet);

        DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        store.publish(GenericEventMessage.asEventMessage("never"));
        uow.rollback();

        assertThat(calls.get()).isZero();
        stream.close();
    }

    @Test
    void aStreamOpenedAtATokenContinuesAfterIt() throws Exception {
        publishInUnitOfWork("a");
        publishInUnitOfWork("b");
        BlockingStream<TrackedEventMessage<?>> all = source.openStream(null);
        TrackedEventMessage<?> first = all.nextAvailable();
        all.close();

        BlockingStream<TrackedEventMessage<?>> rest = source.openStream(first.trackingToken());

        assertThat(rest.nextAvailable().getPayload()).isEqualTo("b");
        assertThat(rest.hasNextAvailable()).isFalse();
        rest.close();
    }

    @Test
    void aWaitingReaderWakesOnTheCommit() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        assertThat(stream.hasNextAvailable()).isFalse();
        Thread publisher = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            publishInUnitOfWork("late");
        });
        publisher.start();

        assertThat(stream.hasNextAvailable(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("late");
        publisher.join();
        stream.close();
    }

    @Test
    void aClosedStreamIsNoLongerCalled() {
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        AtomicInteger calls = new AtomicInteger();
        stream.setOnAvailableCallback(calls::incrementAndGet);
        stream.close();

        publishInUnitOfWork("after close");

        assertThat(calls.get()).isZero();
    }

    @Test
    void underAStreamOfCommitsAStreamReadsOncePerIntervalAndIsWokenWhenItEnds() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        InMemoryEventStorageEngine counting = new InMemoryEventStorageEngine() {
            @Override
            public java.util.stream.Stream<? extends TrackedEventMessage<?>> readEvents(
                    org.axonframework.eventhandling.TrackingToken token, boolean mayBlock) {
                reads.incrementAndGet();
                return super.readEvents(token, mayBlock).toList().stream(); // what was there, as a JDBC batch
            }
        };
        EmbeddedEventStore paced = EmbeddedEventStore.builder().storageEngine(counting).build();
        CommitNotifyingEventSource pacedSource = new CommitNotifyingEventSource(counting, paced,
                Duration.ofSeconds(30), Duration.ofMillis(400));
        try {
            BlockingStream<TrackedEventMessage<?>> stream = pacedSource.openStream(null);
            AtomicInteger called = new AtomicInteger();
            stream.setOnAvailableCallback(called::incrementAndGet);
            DefaultUnitOfWork.startAndGet(null).execute(() -> paced.publish(GenericEventMessage.asEventMessage("first")));
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
            int readsAfterFirst = reads.get();

            for (int i = 0; i < 10; i++) {
                String payload = "burst-" + i;
                DefaultUnitOfWork.startAndGet(null).execute(() -> paced.publish(GenericEventMessage.asEventMessage(payload)));
            }
            int calledByCommits = called.get();
            assertThat(stream.peek()).as("within the interval the stream does not read again").isEmpty();
            assertThat(reads.get()).isEqualTo(readsAfterFirst);

            Thread.sleep(800);
            assertThat(called.get()).as("woken once the interval is over, with no further commit")
                    .isEqualTo(calledByCommits + 1);
            for (int i = 0; i < 10; i++) {
                assertThat(stream.nextAvailable().getPayload()).isEqualTo("burst-" + i);
            }
            assertThat(reads.get()).as("ten commits, one read").isEqualTo(readsAfterFirst + 1);
            stream.close();
        } finally {
            paced.shutDown();
        }
    }
}
