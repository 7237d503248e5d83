package dev.junction.infra.axon;

import dev.junction.api.error.BusyException;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class AggregateSequencingCommandBusTest {

    record Touch(@TargetAggregateIdentifier String aggregate, int n) {
    }

    record Untargeted(int n) {
    }

    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final AsynchronousCommandBus async = AsynchronousCommandBus.builder().executor(threads).build();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void commandsToOneAggregateRunOneAtATimeInTheOrderSent() throws Exception {
        AggregateSequencingCommandBus bus = new AggregateSequencingCommandBus(async, 1_000);
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger mostAcrossAggregates = new AtomicInteger();
        AtomicInteger acrossAggregates = new AtomicInteger();
        List<Integer> orderOfA = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe(Touch.class.getName(), message -> {
            Touch touch = (Touch) message.getPayload();
            int now = running.computeIfAbsent(touch.aggregate(), k -> new AtomicInteger()).incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            mostAcrossAggregates.accumulateAndGet(acrossAggregates.incrementAndGet(), Math::max);
            if (touch.aggregate().equals("a")) {
                orderOfA.add(touch.n());
            }
            Thread.sleep(2);
            acrossAggregates.decrementAndGet();
            running.get(touch.aggregate()).decrementAndGet();
            return touch.n();
        });

        List<CompletableFuture<Object>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            results.add(send(bus, new Touch("a", i)));
            results.add(send(bus, new Touch("b" + (i % 4), i)));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(mostAtOnce.get()).as("commands on one aggregate at once").isEqualTo(1);
        assertThat(mostAcrossAggregates.get()).as("different aggregates still run side by side").isGreaterThan(1);
        assertThat(orderOfA).as("in the order sent").isSorted().hasSize(100);
        assertThat(results.get(198).get()).isEqualTo(99);
    }

    @Test
    void aFailedCommandLetsTheNextOneGo() throws Exception {
        AggregateSequencingCommandBus bus = new AggregateSequencingCommandBus(async, 1_000);
        bus.subscribe(Touch.class.getName(), message -> {
            Touch touch = (Touch) message.getPayload();
            if (touch.n() == 0) {
                throw new IllegalStateException("refused");
            }
            return touch.n();
        });
        CompletableFuture<Object> failed = send(bus, new Touch("a", 0));
        CompletableFuture<Object> next = send(bus, new Touch("a", 1));

        assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(failed).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .withRootCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void beyondTheWaitingLimitACommandIsRefusedAsBusyWithoutRunning() throws Exception {
        AggregateSequencingCommandBus bus = new AggregateSequencingCommandBus(async, 2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        bus.subscribe(Touch.class.getName(), message -> {
            ran.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            return null;
        });
        CompletableFuture<Object> running = send(bus, new Touch("a", 0));
        CompletableFuture<Object> waiting1 = send(bus, new Touch("a", 1));
        CompletableFuture<Object> waiting2 = send(bus, new Touch("a", 2));
        CompletableFuture<Object> refused = send(bus, new Touch("a", 3));
        CompletableFuture<Object> otherAggregate = send(bus, new Touch("b", 4));

        assertThat(refused).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(BusyException.class).withMessageContaining("a");
        release.countDown();
        CompletableFuture.allOf(running, waiting1, waiting2, otherAggregate).get(10, TimeUnit.SECONDS);
        assertThat(ran.get()).as("all but the refused one ran").isEqualTo(4);
    }

    @Test
    void aCommandTheBusDoesNotTakeFailsAndFreesItsAggregate() throws Exception {
        AtomicBoolean refuseNext = new AtomicBoolean(true);
        CommandBus refusingOnce = (CommandBus) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{CommandBus.class}, (proxy, method, args) -> {
                    if (method.getName().equals("dispatch") && refuseNext.getAndSet(false)) {
                        throw new RejectedExecutionException("shutting down");
                    }
                    try {
                        return method.invoke(async, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        AggregateSequencingCommandBus bus = new AggregateSequencingCommandBus(refusingOnce, 1_000);
        bus.subscribe(Touch.class.getName(), message -> ((Touch) message.getPayload()).n());

        assertThat(send(bus, new Touch("a", 0))).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(RejectedExecutionException.class);
        assertThat(send(bus, new Touch("a", 1)).get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void commandsWithoutATargetAreNotHeldBack() throws Exception {
        AggregateSequencingCommandBus bus = new AggregateSequencingCommandBus(async, 1_000);
        CountDownLatch bothInside = new CountDownLatch(2);
        bus.subscribe(Untargeted.class.getName(), message -> {
            bothInside.countDown();
            return bothInside.await(5, TimeUnit.SECONDS);
        });
        CompletableFuture<Object> one = send(bus, new Untargeted(1));
        CompletableFuture<Object> two = send(bus, new Untargeted(2));
        assertThat(one.get(10, TimeUnit.SECONDS)).isEqualTo(true);
        assertThat(two.get(10, TimeUnit.SECONDS)).isEqualTo(true);
    }

    private static CompletableFuture<Object> send(AggregateSequencingCommandBus bus, Object payload) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        bus.dispatch(GenericCommandMessage.asCommandMessage(payload),
                (message, outcome) -> {
                    if (outcome.isExceptional()) {
                        result.completeExceptionally(outcome.exceptionResult());
                    } else {
                        result.complete(outcome.getPayload());
                    }
                });
        return result;
    }
}
