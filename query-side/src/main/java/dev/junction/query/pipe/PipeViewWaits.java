package dev.junction.query.pipe;

import dev.junction.api.pipe.PipeView;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Readers waiting for a pipe view to reach a state, woken by this broker's writes of that view. A
 * view that another broker on the same MongoDB writes sends no signal here, so a waiter also reads
 * the view again every {@code recheck}.
 */
final class PipeViewWaits {

    private record Waiter(Predicate<PipeView> ready, CompletableFuture<PipeView> done) {
    }

    private final Function<String, Optional<PipeView>> find;
    private final long recheckNanos;
    /** Waiters per pipe key; each list is changed only inside the map's compute methods. */
    private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();

    PipeViewWaits(Function<String, Optional<PipeView>> find, Duration recheck) {
        this.find = find;
        this.recheckNanos = recheck.toNanos();
    }

    /** Wakes the waiters of the view's pipe that it satisfies. */
    void written(PipeView view) {
        if (waiting.isEmpty()) {
            return; // the common case: nobody waits
        }
        waiting.computeIfPresent(view.key(), (key, waiters) -> {
            waiters.removeIf(waiter -> waiter.ready().test(view) && waiter.done().complete(view));
            return waiters.isEmpty() ? null : waiters;
        });
    }

    /** The view once it satisfies {@code ready}, or whatever {@code find} gives when the time is up. */
    Optional<PipeView> await(String key, Predicate<PipeView> ready, Duration timeout) {
        Optional<PipeView> view = find.apply(key);
        if (view.filter(ready).isPresent()) {
            return view;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Waiter waiter = new Waiter(ready, new CompletableFuture<>());
        waiting.compute(key, (k, waiters) -> {
            List<Waiter> list = waiters == null ? new ArrayList<>() : waiters;
            list.add(waiter);
            return list;
        });
        try {
            view = find.apply(key); // a write between the first read and the registration woke nobody
            while (view.filter(ready).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    return Optional.of(waiter.done().get(Math.min(left, recheckNanos), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    view = find.apply(key);
                }
            }
            return view;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return find.apply(key);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // never completed exceptionally
        } finally {
            waiting.computeIfPresent(key, (k, waiters) -> {
                waiters.remove(waiter);
                return waiters.isEmpty() ? null : waiters;
            });
        }
    }
}
