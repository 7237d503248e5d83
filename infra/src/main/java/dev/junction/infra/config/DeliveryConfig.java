package dev.junction.infra.config;

import dev.junction.api.blueprint.Resource;
import dev.junction.api.pipe.PipeEvents.PipeEvent;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.infra.delivery.ConfigDeliveryHandler;
import dev.junction.infra.delivery.DeliveryRelevance;
import dev.junction.infra.delivery.ParkedDeliveryRetry;
import dev.junction.infra.delivery.WebhookSink;
import dev.junction.infra.outbound.PeerUrlPolicy;
import dev.junction.query.pipe.PipeViews;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

import java.net.http.HttpClient;
import java.time.Clock;

/**
 * Config delivery: the handler in a processor of its own, sequenced per resource, with a dead-letter
 * queue in PostgreSQL whose letters are retried every few seconds.
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfig {

    @Bean
    WebhookSink webhookSink(JunctionProperties properties) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(properties.peers().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new WebhookSink(http, properties.peers().readTimeout());
    }

    @Bean
    ConfigDeliveryHandler configDeliveryHandler(Resource.Catalog catalog, PipeViews views, WebhookSink webhooks,
                                                PeerUrlPolicy urls, Clock clock, JunctionProperties properties) {
        return new ConfigDeliveryHandler(catalog, views, webhooks, urls, clock, properties.readModels().viewWait());
    }

    @Bean
    ConfigurerModule configDeliveryProcessing(ConnectionProvider connections, TransactionManager transactions,
                                              Serializer serializer,
                                              @Qualifier("eventSerializer") Serializer eventSerializer) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSequencingPolicy(ConfigDeliveryHandler.PROCESSING_GROUP, c -> DeliveryConfig::resourceOf)
                .registerDeadLetterQueue(ConfigDeliveryHandler.PROCESSING_GROUP, c ->
                        JdbcSequencedDeadLetterQueue.builder()
                                .processingGroup(ConfigDeliveryHandler.PROCESSING_GROUP)
                                .connectionProvider(connections)
                                .transactionManager(transactions)
                                .genericSerializer(serializer)
                                .eventSerializer(eventSerializer)
                                .build()));
    }

    /**
     * Deliveries of one resource stay in order; resources are independent. A pipe's aggregate id is its
     * key, so the resource is known without reading the payload.
     */
    static Object resourceOf(EventMessage<?> message) {
        String pipeKey = DeliveryRelevance.pipeKeyOf(message);
        if (pipeKey != null) {
            return PipeKeys.resourceOf(pipeKey);
        }
        return message.getPayload() instanceof PipeEvent event ? PipeKeys.resourceOf(event.pipeKey())
                : message.getIdentifier();
    }

    /** Parked deliveries are retried every {@code junction.delivery.retry-interval}. */
    @Bean
    SchedulingConfigurer parkedDeliveryRetry(EventProcessingConfiguration processing, JunctionProperties properties) {
        JunctionProperties.Delivery delivery = properties.delivery();
        ParkedDeliveryRetry retry = new ParkedDeliveryRetry(processing, delivery.retryBatch());
        return tasks -> tasks.addFixedDelayTask(
                new FixedDelayTask(retry, delivery.retryInterval(), delivery.retryInterval()));
    }
}
