package dev.junction.query.pipe;

import io.micrometer.core.instrument.MeterRegistry;

/** What a projection does when it cannot apply an event. */
@FunctionalInterface
public interface ProjectionFailures {

    /** A rebuild stops at the first failure: going on would swap in read models that miss an event. */
    ProjectionFailures RETHROW = (projection, cause) -> {
        throw cause;
    };

    void failed(String projection, RuntimeException cause);

    /**
     * Live projections count failures as {@code junction.projection.failures} and go on: the command
     * has committed, and a rebuild repairs the view.
     */
    static ProjectionFailures counted(MeterRegistry registry) {
        return (projection, cause) -> registry.counter("junction.projection.failures", "projection", projection)
                .increment();
    }
}
