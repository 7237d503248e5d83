package dev.junction.infra.config;

import dev.junction.infra.axon.LeanMetricRegistry;
import dev.junction.infra.axon.CommitNotifyingEventSource;
import dev.junction.api.blueprint.Resource;
import dev.junction.infra.axon.AggregateCache;
import dev.junction.infra.axon.AggregateSequencingCommandBus;
import dev.junction.infra.axon.SizeBoundedEventStorageEngine;
import dev.junction.infra.axon.GroupCommitEventStorageEngine;
import dev.junction.infra.axon.NewStreamShortcut;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import dev.junction.infra.axon.EventRelevance;
import dev.junction.infra.delivery.ConfigDeliveryHandler;
import dev.junction.infra.delivery.DeliveryRelevance;
import dev.junction.infra.instance.InstanceSecretsPurge;
import dev.junction.saga.instance.InstanceLifecycleSaga;
import dev.junction.saga.propagation.PeerPropagationSaga;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.commandhandling.AsynchronousCommandBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import dev.junction.api.error.ChangedMeanwhileException;
import dev.junction.command.pipe.CommittedEnds;
import dev.junction.command.pipe.PipeValidation;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import javax.sql.DataSource;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.springboot.TokenStoreProperties;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotReleased;
import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotTaken;
import dev.junction.api.resource.ResourceEvents.ResourceDataChanged;
import dev.junction.command.resource.ResourceDataLookup;
import dev.junction.infra.axon.RenamingSerializer;
import dev.junction.query.blueprint.BlueprintSlotsProjection;
import dev.junction.query.instance.InstanceViewProjection;
import dev.junction.query.pipe.PipeViewProjection;
import org.axonframework.config.ConfigurerModule;
import dev.junction.infra.crypto.EncryptingSerializer;
import dev.junction.infra.crypto.MasterKey;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Axon on PostgreSQL: a JDBC event store (schema by Flyway, payloads as BYTEA, the event table with a
 * sequence of its own), Jackson serialisation, snapshots every {@code junction.event-store.snapshot-every}
 * events of an aggregate, and an asynchronous command bus so that no HTTP event-loop thread waits on the database.
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfig {

    static final String AFTER_COMMIT = "after-commit";

    /** The mapper for stored messages and snapshots: aggregates are serialised by their fields. */
    public static ObjectMapper storageMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(new JavaTimeModule());
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        mapper.setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE);
        mapper.setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return mapper;
    }

    /**
     * Stored payload types whose classes were renamed since they were written: the old name, mapped to
     * the name now. An entry stays as long as data of that age may be read.
     */
    static final Map<String, String> RENAMED_TYPES = Map.of(
            "dev.junction.api.resource.ResourceMessages$ResourceDataChanged", ResourceDataChanged.class.getName(),
            "dev.junction.api.blueprint.BlueprintMessages$BlueprintSlotTaken", BlueprintSlotTaken.class.getName(),
            "dev.junction.api.blueprint.BlueprintMessages$BlueprintSlotReleased", BlueprintSlotReleased.class.getName());

    /** What every stored payload is written and read with, inside the encryption. */
    private static Serializer storageSerializer() {
        return new RenamingSerializer(JacksonSerializer.builder().objectMapper(storageMapper()).build(), RENAMED_TYPES);
    }

    /** Snapshots, sagas, deadlines: encrypted at rest. */
    @Bean
    @Primary
    Serializer serializer(MasterKey masterKey) {
        return new EncryptingSerializer(storageSerializer(), masterKey);
    }

    /** Events and dead letters: encrypted at rest (pipe data often holds credentials). */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(MasterKey masterKey) {
        return new EncryptingSerializer(storageSerializer(), masterKey);
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return JacksonSerializer.builder().objectMapper(storageMapper()).build();
    }

    /**
     * Processor tokens hold positions in the event stream, nothing secret, and are written on every
     * batch: stored plain (docs/benchmarks.md); tokens sealed by earlier versions are still read.
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, MasterKey masterKey,
                          TokenStoreProperties properties) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(TokenSchema.builder().build()) // the tokenentry table of the Flyway migrations
                .serializer(EncryptingSerializer.writingPlain(storageSerializer(), masterKey))
                .claimTimeout(properties.getClaimTimeout())
                .build();
    }

    /**
     * Each read and append takes a connection of its own (or the surrounding processor transaction's), never
     * one pinned to a command's unit of work: a command's handler runs without a connection. The appends of
     * commands that commit together share one transaction ({@link GroupCommitEventStorageEngine}), and a new
     * aggregate is made without reading the store when this broker is its only writer ({@link NewStreamShortcut}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          DataSource dataSource,
                                          TransactionManager transactionManager,
                                          SpringAxonConfiguration axonConfiguration,
                                          JunctionProperties properties) {
        var jdbc = new SizeBoundedEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(axonConfiguration.getObject().upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(transactionManager)
                .batchSize(properties.eventStore().batchSize()), properties.eventStore().batchBytes().toBytes());
        var grouped = new GroupCommitEventStorageEngine(jdbc, eventSerializer, GROUP_COMMIT_EVENTS);
        // a broker on its own embedded PostgreSQL is the only writer: it can know every stream
        return properties.postgres().url() == null ? new NewStreamShortcut(grouped) : grouped;
    }

    /** Lists the event streams for {@link NewStreamShortcut} once the schema is there. */
    @Bean
    ApplicationListener<ApplicationStartedEvent> eventStreamScan(EventStorageEngine storage, DataSource dataSource) {
        return started -> {
            if (storage instanceof NewStreamShortcut shortcut) {
                shortcut.scan(dataSource);
            }
        };
    }

    /** Events appended in one transaction at most: a group's insert stays one short JDBC batch. */
    private static final int GROUP_COMMIT_EVENTS = 1_000;

    /** The source of the streaming processors (application.yaml: {@code source: committedEvents}). */
    @Bean
    CommitNotifyingEventSource committedEvents(EventStorageEngine storage, EventStore eventStore,
                                               JunctionProperties properties) {
        return new CommitNotifyingEventSource(storage, eventStore, properties.eventStore().idleReadInterval(),
                properties.eventStore().minReadInterval());
    }

    /**
     * The groups that must be current when a command's caller is answered (the read models, the command
     * side's resource data) share one subscribing processor, {@value #AFTER_COMMIT} in application.yaml:
     * one unit of work and one metrics record per event, not one per group.
     */
    @Bean
    ConfigurerModule afterCommitGroups() {
        return configurer -> configurer.eventProcessing(processing -> {
            List.of(PipeViewProjection.PROCESSING_GROUP, BlueprintSlotsProjection.PROCESSING_GROUP,
                    InstanceViewProjection.PROCESSING_GROUP,
                    ResourceDataLookup.PROCESSING_GROUP, CommittedEnds.PROCESSING_GROUP).forEach(group -> processing.assignProcessingGroup(group, AFTER_COMMIT));
            // they write to MongoDB and read events on their own connections: no PostgreSQL transaction to hold
            processing.registerTransactionManager(AFTER_COMMIT, c -> NoTransactionManager.INSTANCE);
        });
    }

    /** The sagas and config delivery are given only the events their rules let through. */
    @Bean
    EventRelevance eventRelevance(Resource.Catalog catalog) {
        return new EventRelevance(Map.of(
                PeerPropagationSaga.class, PeerPropagationSaga::mayConcern,
                InstanceLifecycleSaga.class, InstanceLifecycleSaga::mayConcern,
                InstanceSecretsPurge.class, InstanceSecretsPurge::mayConcern,
                ConfigDeliveryHandler.class, new DeliveryRelevance(catalog)));
    }

    @Bean
    SnapshotTriggerDefinition pipeSnapshotTrigger(Snapshotter snapshotter, JunctionProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.eventStore().snapshotEvery());
    }

    /** Shared by the aggregates ({@code @Aggregate(cache = "aggregateCache")}); keys are their ids. */
    @Bean
    Cache aggregateCache(JunctionProperties properties) {
        int size = properties.commands().cachedAggregates();
        return size == 0 ? NoCache.INSTANCE
                : new AggregateCache(size, properties.commands().cachedAggregatesBytes().toBytes());
    }

    /** Axon's command, query and processor metrics, without its capacity monitors ({@link LeanMetricRegistry}). */
    @Bean
    GlobalMetricRegistry globalMetricRegistry(MeterRegistry meters) {
        return new LeanMetricRegistry(meters);
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService commandExecutor(JunctionProperties properties) {
        int threads = properties.commands().threads();
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "junction-command-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * No transaction around a command: its handler (validation included) holds no database connection, and
     * the events of its unit of work, of every aggregate it touched, are appended together in one transaction
     * of the event store's own when it commits. Commands to one aggregate go through one at a time
     * ({@link AggregateSequencingCommandBus}).
     */
    @Bean(destroyMethod = "shutdown")
    @Qualifier("localSegment")
    CommandBus commandBus(SpringAxonConfiguration axonConfiguration, ExecutorService commandExecutor,
                          JunctionProperties properties) {
        org.axonframework.config.Configuration configuration = axonConfiguration.getObject();
        AsynchronousCommandBus bus = AsynchronousCommandBus.builder()
                .executor(commandExecutor)
                .messageMonitor(configuration.messageMonitor(AsynchronousCommandBus.class, "commandBus"))
                .build();
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(configuration.correlationDataProviders()));
        return new AggregateSequencingCommandBus(bus, properties.commands().maxWaitingPerAggregate());
    }

    /**
     * Sends a command again, after a growing pause, when its pipe changed between its validation and its
     * decision ({@link PipeValidation}); any other failure goes straight back to the caller.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, JunctionProperties properties) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("junction-command-retry").daemon(true).factory());
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(ExponentialBackOffIntervalRetryScheduler.builder()
                        .retryExecutor(retries)
                        .backoffFactor(1) // 1, 2, 4 … ms: concurrent writers of one pipe drift apart
                        .maxRetryCount(properties.commands().changedRetries())
                        .nonTransientFailurePredicate(failure -> !(failure instanceof ChangedMeanwhileException))
                        .build())
                .build();
    }
}
