package dev.junction.infra.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.pipe.PipeEvents.PipeEvent;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.infra.outbound.PeerUrlPolicy;
import dev.junction.query.pipe.PipeViews;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Delivers the configuration of a resource's pipes to the app behind it whenever one of them
 * changes. It runs in its own streaming processor, sequenced per resource, with a dead-letter queue:
 * a sink that fails has its resource's deliveries parked and retried later while every other
 * resource, and every pipe, goes on. Each delivery carries the whole current state, so a retry or a
 * replay delivers the same thing again rather than something stale.
 */
@ProcessingGroup(ConfigDeliveryHandler.PROCESSING_GROUP)
public class ConfigDeliveryHandler {

    public static final String PROCESSING_GROUP = "config-delivery";

    private static final Logger log = LoggerFactory.getLogger(ConfigDeliveryHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Resource.Catalog catalog;
    private final PipeViews views;
    private final WebhookSink webhooks;
    private final PeerUrlPolicy urls;
    private final Clock clock;

    private final Duration viewWait;

    public ConfigDeliveryHandler(Resource.Catalog catalog, PipeViews views, WebhookSink webhooks,
                                 PeerUrlPolicy urls, Clock clock, Duration viewWait) {
        this.viewWait = viewWait;
        this.catalog = catalog;
        this.views = views;
        this.webhooks = webhooks;
        this.urls = urls;
        this.clock = clock;
    }

    @EventHandler
    public void on(PipeEvent event, @SequenceNumber long sequence) throws IOException {
        String resourceId = PipeKeys.resourceOf(event.pipeKey());
        Resource resource = catalog.find(resourceId).orElse(null);
        if (resource == null || resource.delivery() == null) {
            return;
        }
        views.await(event.pipeKey(), view -> view.version() >= sequence, viewWait);
        deliver(resource);
    }

    public void deliver(Resource resource) throws IOException {
        Map<String, String> variables = ConfigVariables.of(views.list(resource.id()));
        Resource.Delivery sink = resource.delivery();
        switch (sink.type()) {
            case DOTENV -> DotenvSink.write(Path.of(sink.path()), variables);
            case WEBHOOK -> {
                ObjectNode body = JSON.createObjectNode();
                body.put("resource", resource.id());
                ObjectNode vars = body.putObject("variables");
                variables.forEach(vars::put);
                webhooks.post(urls.check(sink.url()), sink.secret(), body.toString(),
                        clock.instant().getEpochSecond());
            }
        }
        log.debug("configuration of {} delivered to its {} sink ({} variables)", resource.id(),
                sink.type(), variables.size());
    }
}
