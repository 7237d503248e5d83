package dev.junction.infra.store;

import dev.junction.query.WriteBehind;
import dev.junction.query.pipe.PipeViewStore;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * The read models' health ({@code readModels}, in the readiness group): down while they are rebuilt at
 * start-up and while their writer cannot store the views written behind, since reads may then miss
 * writes once the pending views outgrow memory; the writer's own error is in the log.
 */
@Component("readModels")
public class ReadModelsHealth implements HealthIndicator {

    private final PipeViewStore views;
    private final ReadModelBootstrap bootstrap;

    public ReadModelsHealth(PipeViewStore views, ReadModelBootstrap bootstrap) {
        this.views = views;
        this.bootstrap = bootstrap;
    }

    @Override
    public Health health() {
        WriteBehind.State writer = views.writerState();
        Health.Builder health = writer.running() && writer.failure() == null && !bootstrap.rebuilding()
                ? Health.up() : Health.down();
        health.withDetail("pendingViews", views.pendingCount()).withDetail("pendingBytes", views.pendingWeight())
                .withDetail("rebuilding", bootstrap.rebuilding());
        if (!writer.running()) {
            health.withDetail("writer", "stopped");
        }
        if (writer.failingSince() != null) {
            health.withDetail("failingSince", writer.failingSince().toString());
        }
        return health.build();
    }

    /**
     * The writer's liveness ({@code readModelsWriter}, in the liveness group): down once it has stopped,
     * or has failed without a success for {@code deadAfter}, which a restart (and its rebuild) may cure.
     */
    @Component("readModelsWriter")
    public static class Writer implements HealthIndicator {

        private static final Duration DEAD_AFTER = Duration.ofMinutes(5);

        private final PipeViewStore views;

        public Writer(PipeViewStore views) {
            this.views = views;
        }

        @Override
        public Health health() {
            WriteBehind.State writer = views.writerState();
            boolean dead = !writer.running() || writer.failingSince() != null
                    && writer.failingSince().isBefore(Instant.now().minus(DEAD_AFTER));
            return (dead ? Health.down() : Health.up()).build();
        }
    }
}
