package dev.junction.infra.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import dev.junction.api.BrokerIdentity;
import dev.junction.command.rest.PeerAuthenticator;
import dev.junction.infra.crypto.MasterKey;
import dev.junction.infra.oidc.IssuerKeys;
import dev.junction.infra.oidc.OidcHousekeeping;
import dev.junction.infra.oidc.PeerTokenVerifier;
import dev.junction.infra.oidc.ReplayGuard;
import dev.junction.infra.oidc.TokenTimes;
import dev.junction.infra.oidc.SigningKeys;
import dev.junction.infra.oidc.TokenIssuer;
import dev.junction.infra.outbound.PeerUrlPolicy;
import dev.junction.infra.peer.PeerDelivery;
import dev.junction.query.pipe.PipeViews;
import dev.junction.saga.propagation.PropagationPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManagerSupplier;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Automatic configuration: the broker as an OIDC issuer (signing keys, tokens), the check of peers'
 * tokens, the peer HTTP client, and the persistent deadlines the propagation saga retries on.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class PeerConfig {

    @Bean
    MasterKey masterKey(JunctionProperties properties) throws IOException {
        return MasterKey.load(properties.oidc().masterKey(), properties.dataDir().resolve("keys").resolve("master.key"));
    }

    @Bean
    SigningKeys signingKeys(JdbcTemplate jdbc, PlatformTransactionManager transactions, MasterKey masterKey,
                            JunctionProperties properties, Clock clock) {
        JunctionProperties.Oidc oidc = properties.oidc();
        SigningKeys keys = new SigningKeys(jdbc, new TransactionTemplate(transactions), masterKey, oidc.tokenTtl(),
                oidc.clockSkew(), oidc.rotationPeriod(), clock);
        keys.start();
        return keys;
    }

    @Bean
    TokenIssuer tokenIssuer(BrokerIdentity broker, SigningKeys keys, JunctionProperties properties, Clock clock) {
        return new TokenIssuer(broker.rootUrl(), keys, properties.oidc().tokenTtl(), clock);
    }

    @Bean
    PeerUrlPolicy peerUrlPolicy(JunctionProperties properties) {
        return new PeerUrlPolicy(properties.peers().allowedHosts());
    }

    @Bean
    IssuerKeys issuerKeys(PeerUrlPolicy urls, JunctionProperties properties, Clock clock) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(properties.peers().connectTimeout())
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
        return new IssuerKeys(http, urls, properties.peers().readTimeout(), properties.oidc().issuerKeysMaxAge(),
                properties.oidc().issuerKeysMinRefresh(), clock);
    }

    @Bean
    ReplayGuard replayGuard(JdbcTemplate jdbc, Clock clock) {
        return new ReplayGuard(jdbc, clock);
    }

    @Bean
    PeerAuthenticator peerAuthenticator(PipeViews pipes, IssuerKeys issuerKeys, ReplayGuard replays,
                                        JunctionProperties properties, Clock clock, MeterRegistry meters) {
        JunctionProperties.Oidc oidc = properties.oidc();
        TokenTimes times = new TokenTimes(oidc.clockSkew(), oidc.maxTokenLifetime(), oidc.withoutJtiWindow());
        return new PeerTokenVerifier(pipes, issuerKeys, replays, times, clock, meters);
    }

    @Bean
    WebClient peerWebClient(JunctionProperties properties) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.peers().connectTimeout().toMillis())
                .responseTimeout(properties.peers().readTimeout())
                .followRedirect(false);
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    @Bean
    PeerDelivery peerDelivery(PipeViews views, TokenIssuer tokens, PeerUrlPolicy urls, WebClient peerWebClient,
                              CommandGateway commands, MeterRegistry meters, JunctionProperties properties) {
        return new PeerDelivery(views, tokens, urls, peerWebClient, commands, meters,
                properties.readModels().viewWait(), properties.propagation().stuckAfter());
    }

    @Bean
    PropagationPolicy propagationPolicy(JunctionProperties properties) {
        JunctionProperties.Propagation p = properties.propagation();
        return new PropagationPolicy(p.initialDelay(), p.multiplier(), p.maxDelay(), p.maxAttempts());
    }

    @Bean
    DbSchedulerDeadlineManagerSupplier deadlineManagerSupplier() {
        return new DbSchedulerDeadlineManagerSupplier();
    }

    @Bean
    Task<DbSchedulerBinaryDeadlineDetails> deadlineTask(DbSchedulerDeadlineManagerSupplier supplier) {
        return DbSchedulerDeadlineManager.binaryTask(supplier);
    }

    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, Task<DbSchedulerBinaryDeadlineDetails> deadlineTask,
                                JunctionProperties properties) {
        JunctionProperties.Deadlines deadlines = properties.deadlines();
        return Scheduler.create(dataSource, List.of(deadlineTask))
                .threads(deadlines.threads())
                .pollingInterval(deadlines.pollingInterval())
                .heartbeatInterval(deadlines.heartbeatInterval())
                .build();
    }

    @Bean
    DeadlineManager deadlineManager(Scheduler deadlineScheduler, SpringAxonConfiguration axonConfiguration,
                                    Serializer serializer, TransactionManager transactionManager,
                                    DbSchedulerDeadlineManagerSupplier supplier) {
        DbSchedulerDeadlineManager manager = DbSchedulerDeadlineManager.builder()
                .scheduler(deadlineScheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axonConfiguration.getObject()))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .startScheduler(true)
                .stopScheduler(true)
                .build();
        supplier.set(manager);
        return manager;
    }

    /** Rotation when due, and the purge of expired replay records, every {@code junction.oidc.housekeeping-interval}. */
    @Bean
    SchedulingConfigurer oidcHousekeeping(SigningKeys keys, ReplayGuard replays, JunctionProperties properties) {
        Duration every = properties.oidc().housekeepingInterval();
        OidcHousekeeping housekeeping = new OidcHousekeeping(keys, replays);
        return tasks -> tasks.addFixedDelayTask(new FixedDelayTask(housekeeping, every, every));
    }
}
