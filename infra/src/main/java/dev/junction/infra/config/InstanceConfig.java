package dev.junction.infra.config;

import dev.junction.api.instance.ServiceCatalog;
import dev.junction.command.instance.InstanceInputValidation;
import dev.junction.command.instance.InstanceLifecycleHandler;
import dev.junction.command.instance.InstanceStreamResolver;
import dev.junction.command.instance.PlanSlots;
import dev.junction.command.instance.ServiceInstance;
import dev.junction.command.schema.SchemaValidator;
import dev.junction.saga.instance.StepWatchdog;
import dev.junction.saga.instance.TeardownPolicy;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** The command side and the saga of service instances: handlers, validation before the lock, retry policies. */
@Configuration(proxyBeanMethods = false)
class InstanceConfig {

    /** Time for the task adapter to start a container and report, beyond the container's own timeout. */
    private static final Duration REPORT_MARGIN = Duration.ofSeconds(30);

    /** The one command target resolver: an instance's and a backend's commands reach their prefixed streams. */
    @Bean(InstanceStreamResolver.BEAN)
    InstanceStreamResolver instanceStreamResolver() {
        return new InstanceStreamResolver();
    }

    /** A command handler interceptor, so Axon registers it on the command bus: inputs are validated before the lock. */
    @Bean
    InstanceInputValidation instanceInputValidation(SchemaValidator validator, ServiceCatalog catalog,
                                                    EventStore eventStore) {
        return new InstanceInputValidation(validator, catalog, eventStore);
    }

    @Bean
    InstanceLifecycleHandler instanceLifecycleHandler(
            @Qualifier("serviceInstanceRepository") Repository<ServiceInstance> instances,
            @Qualifier("planSlotsRepository") Repository<PlanSlots> slots, ServiceCatalog catalog,
            InstanceInputValidation validation, Clock clock) {
        return new InstanceLifecycleHandler(instances, slots, catalog, validation, clock);
    }

    @Bean
    TeardownPolicy teardownPolicy(JunctionProperties properties) {
        InstanceSettings settings = properties.instances();
        return new TeardownPolicy(settings.teardownRetry(), settings.teardownRetryMax());
    }

    /** The saga waits for each step as long as the task adapter lets its container run, and a margin. */
    @Bean
    StepWatchdog stepWatchdog(JunctionProperties properties) {
        InstanceSettings settings = properties.instances();
        return new StepWatchdog(settings.setupTimeout(), settings.operationTimeout(), settings.teardownTimeout(),
                REPORT_MARGIN);
    }
}
