package dev.junction.infra.config;

import dev.junction.api.instance.ServiceCatalog;
import dev.junction.command.instance.InstanceInputValidation;
import dev.junction.command.instance.InstanceLifecycleHandler;
import dev.junction.command.instance.InstanceStreamResolver;
import dev.junction.command.instance.PlanSlots;
import dev.junction.command.instance.ServiceInstance;
import dev.junction.command.schema.SchemaValidator;
import dev.junction.infra.instance.InstanceSecretsPurge;
import dev.junction.infra.instance.RegisteredBackends;
import dev.junction.saga.instance.StepWatchdog;
import dev.junction.saga.instance.TeardownPolicy;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The command side and the saga of service instances: handlers, validation before the lock, retry policies. */
@Configuration(proxyBeanMethods = false)
class InstanceConfig {

    /** Time for the task adapter to start a container and report, beyond the container's own timeout. */
    private static final Duration REPORT_MARGIN = Duration.ofSeconds(30);

    /** The instance saga's processor (Axon names a saga's processor after it), which the instance adapters share. */
    private static final String INSTANCE_PROCESSOR = "InstanceLifecycleSagaProcessor";

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

    /**
     * The instance adapters' handlers (a purge's key destruction, operators' backend registrations) share the
     * instance saga's streaming processor: each processor reads every event and stores its own tokens, so
     * one more processor per handler cost the pipe write path (measured: docs/benchmarks.md).
     */
    @Bean
    ConfigurerModule instanceGroups() {
        return configurer -> configurer.eventProcessing(processing -> List.of(InstanceSecretsPurge.GROUP,
                RegisteredBackends.GROUP).forEach(group -> processing.assignProcessingGroup(group, INSTANCE_PROCESSOR)));
    }
}
