package dev.junction.saga.instance;

import java.time.Duration;

/**
 * How long the lifecycle saga waits before running a failed teardown again: {@code firstPause} after the
 * first failure, doubling after each further one, never more than {@code maxPause}. A teardown is retried
 * until it succeeds (it frees what a task left behind), so there is no last attempt. The broker builds it
 * from its settings, which hold the defaults.
 */
public record TeardownPolicy(Duration firstPause, Duration maxPause) {

    public TeardownPolicy {
        if (firstPause == null || firstPause.isNegative() || firstPause.isZero()) {
            throw new IllegalArgumentException("firstPause must be positive");
        }
        if (maxPause == null || maxPause.compareTo(firstPause) < 0) {
            throw new IllegalArgumentException("maxPause must not be less than firstPause");
        }
    }

    /** The pause after failed attempt number {@code attempt} (1-based). */
    public Duration pauseAfter(int attempt) {
        Duration pause = firstPause;
        for (int i = 1; i < attempt && pause.compareTo(maxPause) < 0; i++) { // at most ~64 turns to any cap
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(maxPause) > 0 ? maxPause : pause;
    }
}
