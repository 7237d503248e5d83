package dev.junction.saga.instance;

import dev.junction.api.instance.Step;

import java.time.Duration;

/**
 * How long the lifecycle saga waits for the report of a step it asked for: the step's container timeout
 * (the task adapter's, from the broker's settings) plus {@code margin} for the adapter to start the
 * container and report. A report that does not come in time means the broker (or its adapter) was lost
 * mid-step; the saga asks again once, then records the step as failed, so that no instance stays busy
 * without anything running.
 */
public record StepWatchdog(Duration setupTimeout, Duration stencilTimeout, Duration teardownTimeout,
                           Duration margin) {

    public StepWatchdog {
        for (Duration d : new Duration[]{setupTimeout, stencilTimeout, teardownTimeout, margin}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the step timeouts and the margin must be positive");
            }
        }
    }

    /** How long to wait for one report of {@code step}. */
    public Duration waitFor(Step step) {
        Duration timeout = switch (step) {
            case SETUP -> setupTimeout;
            case STENCIL -> stencilTimeout;
            case TEARDOWN -> teardownTimeout;
        };
        return timeout.plus(margin);
    }
}
