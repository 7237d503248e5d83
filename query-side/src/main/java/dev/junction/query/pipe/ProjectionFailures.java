package dev.junction.query.pipe;

import io.micrometer.core.instrument.MeterRegistry;

/** Counts read-model writes that failed, per projection, as {@code junction.projection.failures}. */
public class ProjectionFailures {

    private final MeterRegistry registry;

    public ProjectionFailures(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String projection) {
        registry.counter("junction.projection.failures", "projection", projection).increment();
    }
}
