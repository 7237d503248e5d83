package dev.junction.infra.config;

import dev.junction.infra.catalog.CatalogLoader;
import com.mongodb.client.MongoDatabase;
import dev.junction.api.BrokerIdentity;
import dev.junction.api.SecretCodec;
import dev.junction.infra.crypto.MasterKey;
import dev.junction.infra.crypto.MasterKeyCodec;
import dev.junction.api.blueprint.Resource;
import dev.junction.command.blueprint.BlueprintSlots;
import dev.junction.command.blueprint.PipeLifecycleHandler;
import dev.junction.command.pipe.CommittedEnds;
import dev.junction.command.pipe.PipeAggregate;
import dev.junction.command.pipe.PipeValidation;
import dev.junction.command.resource.ResourceDataLookup;
import dev.junction.command.schema.SchemaLimits;
import dev.junction.command.schema.SchemaValidator;
import dev.junction.query.ReadModelRebuilder;
import dev.junction.query.WriteBehind;
import dev.junction.query.blueprint.BlueprintSlotsProjection;
import dev.junction.query.blueprint.BlueprintSlotsStore;
import dev.junction.query.instance.InstanceViewProjection;
import dev.junction.query.instance.InstanceViewStore;
import dev.junction.query.pipe.PipeHistory;
import dev.junction.query.pipe.PipeViewProjection;
import dev.junction.infra.store.ReadModelSeal;
import dev.junction.query.pipe.PipeViewStore;
import dev.junction.query.pipe.RebuiltPipeViews;
import dev.junction.query.pipe.PipeViews;
import dev.junction.query.pipe.ProjectionFailures;
import dev.junction.query.resource.ResourceQueryHandler;
import dev.junction.saga.platform.PlatformChangeHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/** Wires the command and query sides' plain classes into the application. */
@Configuration(proxyBeanMethods = false)
public class ComponentsConfig {

    /**
     * The read models' settings from {@link JunctionProperties.ReadModels}; the writer's own mechanics
     * (waiting 30 s for room, retrying failed writes after 100 ms doubling up to 5 s, waiting 30 s at a
     * stop) are kept fixed, as no deployment has needed them changed.
     */
    static PipeViewStore.Settings pipeViews(JunctionProperties.ReadModels readModels) {
        return new PipeViewStore.Settings(writeBehind(readModels), readModels.keptViews(),
                readModels.keptViewsBytes().toBytes(), readModels.keptViewFreshness(), readModels.listingLifetime(),
                Duration.ofMillis(20)); // a wait for a view reads MongoDB again this often, for other brokers' writes
    }

    static ReadModelRebuilder.Settings rebuild(JunctionProperties.ReadModels readModels) {
        return new ReadModelRebuilder.Settings(new RebuiltPipeViews.Limits(readModels.rebuildBatch(),
                readModels.rebuildBatchBytes().toBytes(),
                2, // batches waiting for the shadow writer: the reader and the writer overlap, no more
                readModels.rebuildCachedViews(), readModels.rebuildCachedBytes().toBytes()), Duration.ofSeconds(30));
    }

    private static WriteBehind.Limits writeBehind(JunctionProperties.ReadModels readModels) {
        return new WriteBehind.Limits(readModels.writeBatch(), readModels.writeBatchBytes().toBytes(),
                readModels.maxPendingWrites(), readModels.maxPendingBytes().toBytes(), Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    @Bean
    BrokerIdentity brokerIdentity(JunctionProperties properties, ServerProperties server) {
        String root = properties.rootUrl();
        int port = server.getPort() == null ? 8080 : server.getPort(); // Spring Boot's own default
        return new BrokerIdentity(root == null || root.isBlank() ? "http://localhost:" + port : root);
    }

    @Bean
    Resource.Catalog resourceCatalog(JunctionProperties properties) throws IOException {
        return CatalogLoader.resources(properties.resources(), CatalogLoader.templates(properties.templates()));
    }

    /** The one clock: aggregates take it as a handler parameter, so fixtures set time plainly. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SchemaValidator schemaValidator(JunctionProperties properties) {
        JunctionProperties.Schemas schemas = properties.schemas();
        return new SchemaValidator(new SchemaLimits(schemas.maxPatternLength(), schemas.maxDepth(),
                schemas.maxApplications(), schemas.cacheSize().toBytes()));
    }

    @Bean
    PipeLifecycleHandler pipeLifecycleHandler(@Qualifier("pipeAggregateRepository") Repository<PipeAggregate> pipes,
                                              @Qualifier("blueprintSlotsRepository") Repository<BlueprintSlots> slots,
                                              Resource.Catalog catalog, PipeValidation validation, Clock clock) {
        return new PipeLifecycleHandler(pipes, slots, catalog, validation, clock);
    }

    @Bean
    CommittedEnds committedEnds(EventStore eventStore, JunctionProperties properties) {
        return new CommittedEnds(eventStore, properties.commands().committedEnds().toBytes());
    }

    /** A command handler interceptor, so Axon registers it on the command bus: pipe commands are validated before they take a lock. */
    @Bean
    PipeValidation pipeValidation(SchemaValidator validator, CommittedEnds committed, ResourceDataLookup resources,
                                  BrokerIdentity broker) {
        return new PipeValidation(validator, committed, resources, broker);
    }

    @Bean
    ResourceDataLookup resourceDataLookup(EventStore eventStore, Resource.Catalog catalog,
                                          JunctionProperties properties) {
        // the embedded PostgreSQL is this broker's own
        return new ResourceDataLookup(eventStore, catalog, properties.postgres().url() == null);
    }

    @Bean
    SecretCodec secretCodec(MasterKey masterKey) {
        return new MasterKeyCodec(masterKey);
    }

    @Bean
    PipeViewStore pipeViewStore(MongoDatabase database, SecretCodec secrets, ReadModelSeal seal,
                                MeterRegistry registry, JunctionProperties properties) {
        PipeViewStore store = new PipeViewStore(database, secrets, pipeViews(properties.readModels()));
        store.soleWriter(properties.mongo().uri() == null); // the embedded wire server is this broker's own
        io.micrometer.core.instrument.Gauge.builder("junction.read_model.pending", store, PipeViewStore::pendingCount)
                .description("pipe views written but not yet stored in MongoDB").register(registry);
        store.whenClosedUnstored(seal::markInconsistent); // closed by Spring (AutoCloseable) before the seal
        return store;
    }

    /**
     * A sole writer lists every resource's live pipes once, in the background after start-up, so the
     * first platform change of a resource does not wait for a scan of the pipe views (seconds with
     * 100,000 pipes in the embedded wire server).
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> liveIdsListing(PipeViewStore store, Resource.Catalog catalog,
                                                               JunctionProperties properties) {
        return ready -> {
            if (properties.mongo().uri() != null) {
                return; // a shared MongoDB: listings are made as asked, and stand ten seconds
            }
            Thread.ofPlatform().name("live-pipe-listing").daemon(true).start(() -> {
                try {
                    store.listLiveIds(catalog.byId().keySet());
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(ComponentsConfig.class)
                            .warn("listing live pipes at start-up failed ({}); each resource is listed when asked", e.toString());
                }
            });
        };
    }

    @Bean
    BlueprintSlotsStore blueprintSlotsStore(MongoDatabase database) {
        return new BlueprintSlotsStore(database);
    }

    @Bean
    InstanceViewStore instanceViewStore(MongoDatabase database, SecretCodec secrets) {
        return new InstanceViewStore(database, secrets);
    }

    @Bean
    InstanceViewProjection instanceViewProjection(InstanceViewStore store) {
        return new InstanceViewProjection(store);
    }

    @Bean
    ProjectionFailures projectionFailures(MeterRegistry registry) {
        return ProjectionFailures.counted(registry);
    }

    @Bean
    PipeViewProjection pipeViewProjection(PipeViewStore store, ProjectionFailures failures) {
        return new PipeViewProjection(store, failures);
    }

    @Bean
    BlueprintSlotsProjection blueprintSlotsProjection(BlueprintSlotsStore store) {
        return new BlueprintSlotsProjection(store);
    }

    @Bean
    PipeHistory pipeHistory(EventStore eventStore) {
        return new PipeHistory(eventStore);
    }

    @Bean
    ResourceQueryHandler resourceQueryHandler(PipeViews pipes) {
        return new ResourceQueryHandler(pipes);
    }

    @Bean
    ReadModelRebuilder readModelRebuilder(EventStorageEngine engine, PipeViewStore pipes, BlueprintSlotsStore slots,
                                          InstanceViewStore instances, JunctionProperties properties) {
        return new ReadModelRebuilder(engine, pipes, slots, instances, rebuild(properties.readModels()));
    }

    @Bean
    PlatformChangeHandler platformChangeHandler(CommandGateway commands, QueryGateway queries) {
        return new PlatformChangeHandler(commands, queries);
    }
}
