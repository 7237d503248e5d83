package dev.junction.saga.propagation;

import java.time.Duration;

/**
 * How the propagation saga retries: exponential back-off from {@code initialDelay}, multiplied by
 * {@code multiplier} after each failure and capped at {@code maxDelay}, for at most {@code maxAttempts}
 * attempts in all. The broker builds it from its settings ({@code junction.propagation.*}), which hold the
 * defaults.
 */
public record PropagationPolicy(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts) {

    public PropagationPolicy {
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be positive");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must not be less than initialDelay");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }
}
