package dev.junction.infra.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Junction's settings bind as Spring Boot binds them, and an unset one takes its single default. */
class JunctionPropertiesTest {

    private static JunctionProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("junction", JunctionProperties.class);
    }

    @Test
    void nothingSetGivesEveryDefault() {
        JunctionProperties properties = bind(Map.of());
        assertThat(properties.dataDir()).isEqualTo(Path.of("var"));
        assertThat(properties.postgres().poolSize()).isEqualTo(24);
        assertThat(properties.postgres().embeddedMaxConnections()).isEqualTo(100);
        assertThat(properties.postgres().embeddedSharedBuffers()).isEqualTo("128MB");
        assertThat(properties.mongo().database()).isEqualTo("junction");
        assertThat(properties.commands().threads()).isEqualTo(32);
        assertThat(properties.commands().cachedAggregates()).isEqualTo(10_000);
        assertThat(properties.eventStore().snapshotEvery()).isEqualTo(100);
        assertThat(properties.eventStore().batchSize()).isEqualTo(2_000);
        assertThat(properties.eventStore().idleReadInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.oidc().tokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.oidc().rotationPeriod()).isEqualTo(Duration.ofDays(1));
        assertThat(properties.oidc().clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.oidc().issuerKeysMaxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(properties.oidc().issuerKeysMinRefresh()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.oidc().housekeepingInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.oidc().maxTokenLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.oidc().withoutJtiWindow()).isEqualTo(Duration.ofSeconds(60));
        JunctionProperties.Throttle throttle = properties.auth().throttle();
        assertThat(throttle.maxFailures()).isEqualTo(5);
        assertThat(throttle.maxFailuresPerAddress()).isEqualTo(20);
        assertThat(throttle.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.initialBlock()).isEqualTo(Duration.ofSeconds(10));
        assertThat(throttle.maxBlock()).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.trackedClients()).isEqualTo(100_000);
        assertThat(throttle.trustForwardedFor()).isFalse();
        assertThat(properties.peers().allowedHosts()).isEmpty();
        assertThat(properties.peers().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.peers().readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.propagation().initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.propagation().multiplier()).isEqualTo(2.0);
        assertThat(properties.propagation().maxDelay()).isEqualTo(Duration.ofSeconds(32));
        assertThat(properties.propagation().maxAttempts()).isEqualTo(10);
        assertThat(properties.delivery().retryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.delivery().retryBatch()).isEqualTo(100);
        assertThat(properties.deadlines().threads()).isEqualTo(4);
        assertThat(properties.deadlines().pollingInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(properties.deadlines().heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.mongo().poolSize()).isEqualTo(64);
        assertThat(properties.mongo().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.mongo().readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.mongo().serverSelectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.propagation().stuckAfter()).isEqualTo(Duration.ofMinutes(2));
        JunctionProperties.ReadModels readModels = properties.readModels();
        assertThat(readModels.writeBatch()).isEqualTo(1_000);
        assertThat(readModels.maxPendingWrites()).isEqualTo(50_000);
        assertThat(readModels.keptViews()).isEqualTo(20_000);
        assertThat(readModels.keptViewFreshness()).isEqualTo(Duration.ofSeconds(1));
        assertThat(readModels.listingLifetime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(readModels.viewWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(readModels.rebuildBatch()).isEqualTo(5_000);
        assertThat(readModels.rebuildCachedViews()).isEqualTo(50_000);
        assertThat(readModels.writeBatchBytes()).isEqualTo(DataSize.ofMegabytes(4));
        assertThat(readModels.maxPendingBytes()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(readModels.keptViewsBytes()).isEqualTo(DataSize.ofMegabytes(8));
        assertThat(readModels.rebuildBatchBytes()).isEqualTo(DataSize.ofMegabytes(4));
        assertThat(readModels.rebuildCachedBytes()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(properties.commands().cachedAggregatesBytes()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(properties.eventStore().batchBytes()).isEqualTo(DataSize.ofMegabytes(8));
    }

    @Test
    void theSchemaLimitsHaveTheirDefaultsAndCanBeSet() {
        JunctionProperties.Schemas defaults = bind(Map.of()).schemas();
        assertThat(defaults.maxPatternLength()).isEqualTo(1_000);
        assertThat(defaults.maxDepth()).isEqualTo(64);
        assertThat(defaults.maxApplications()).isEqualTo(1_000);
        assertThat(defaults.cacheSize()).isEqualTo(DataSize.ofMegabytes(8));

        JunctionProperties.Schemas set = bind(Map.of("junction.schemas.max-pattern-length", "50",
                "junction.schemas.cache-size", "64KB")).schemas();
        assertThat(set.maxPatternLength()).isEqualTo(50);
        assertThat(set.cacheSize()).isEqualTo(DataSize.ofKilobytes(64));
        assertThat(set.maxDepth()).isEqualTo(64);
    }

    @Test
    void theReadModelSettingsReachTheStoresTheyTune() {
        JunctionProperties properties = bind(Map.of("junction.read-models.write-batch", "10",
                "junction.read-models.kept-views", "7", "junction.read-models.rebuild-batch", "3"));
        assertThat(ComponentsConfig.pipeViews(properties.readModels()).writes().batchSize()).isEqualTo(10);
        assertThat(ComponentsConfig.pipeViews(properties.readModels()).cachedViews()).isEqualTo(7);
        assertThat(ComponentsConfig.rebuild(properties.readModels()).views().batchSize()).isEqualTo(3);
    }

    @Test
    void theByteBoundsReachTheStoresTheyTune() {
        JunctionProperties properties = bind(Map.of("junction.read-models.max-pending-bytes", "2MB",
                "junction.read-models.kept-views-bytes", "1MB", "junction.read-models.rebuild-cached-bytes", "3MB"));
        assertThat(ComponentsConfig.pipeViews(properties.readModels()).writes().maxPendingWeight()).isEqualTo(2L << 20);
        assertThat(ComponentsConfig.pipeViews(properties.readModels()).cachedViewsWeight()).isEqualTo(1L << 20);
        assertThat(ComponentsConfig.rebuild(properties.readModels()).views().cachedViewsWeight()).isEqualTo(3L << 20);
    }

    @Test
    void aGroupSetInPartKeepsTheDefaultsOfTheRest() {
        JunctionProperties properties = bind(Map.of("junction.oidc.token-ttl", "PT1M",
                "junction.commands.cached-aggregates", "0"));
        assertThat(properties.oidc().tokenTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.oidc().clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.commands().cachedAggregates()).as("0 turns the cache off").isZero();
        assertThat(properties.commands().threads()).isEqualTo(32);

        JunctionProperties.Auth auth = bind(Map.of("junction.auth.username", "u",
                "junction.auth.throttle.max-failures", "3")).auth();
        assertThat(auth.throttle().maxFailures()).isEqualTo(3);
        assertThat(auth.throttle().maxFailuresPerAddress()).isEqualTo(20);
    }

    @Test
    void theNamesOperatorsAlreadySetStillBind() {
        JunctionProperties properties = bind(Map.of(
                "junction.delivery.retry-interval", "PT1S",
                "junction.postgres.pool-size", "8",
                "junction.mongo.database", "other",
                "junction.peers.allowed-hosts", "a.example,b.example",
                "junction.propagation.max-attempts", "3"));
        assertThat(properties.delivery().retryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.postgres().poolSize()).isEqualTo(8);
        assertThat(properties.mongo().database()).isEqualTo("other");
        assertThat(properties.peers().allowedHosts()).isEqualTo(List.of("a.example", "b.example"));
        assertThat(properties.propagation().maxAttempts()).isEqualTo(3);
    }

    @Test
    void theInputLimitsHaveTheirDefaultsAndBind() {
        JunctionProperties.Limits defaults = bind(Map.of()).limits();
        assertThat(defaults).isEqualTo(new JunctionProperties.Limits(64 * 1024, 64 * 1024, 256 * 1024, 64, 65_536, 100));

        JunctionProperties.Limits set = bind(Map.of("junction.limits.end-data-bytes", "1000",
                "junction.limits.body-bytes", "5000", "junction.limits.json-depth", "8")).limits();
        assertThat(set.endDataBytes()).isEqualTo(1000);
        assertThat(set.bodyBytes()).isEqualTo(5000);
        assertThat(set.jsonDepth()).isEqualTo(8);
        assertThat(set.endSchemaBytes()).isEqualTo(64 * 1024);
        assertThat(new InputLimitsConfig().boundedJson(new JunctionProperties(null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, new JunctionProperties.Limits(1000, 0, 0, 0, 0, 0), null, null))
                .limits().endDataBytes()).as("the reader gets the settings").isEqualTo(1000);
    }
}
