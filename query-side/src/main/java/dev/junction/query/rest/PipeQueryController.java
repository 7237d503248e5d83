package dev.junction.query.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.BrokerIdentity;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.pipe.PipeKeys;
import dev.junction.api.pipe.PipeRepresentation;
import dev.junction.api.pipe.PipeView;
import dev.junction.query.pipe.PipeHistory;
import dev.junction.query.pipe.PipeViews;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.concurrent.Callable;

/** Pipe reads: the list and one pipe from the read model; history and time travel from the event store. */
@RestController
public class PipeQueryController {

    private final PipeViews views;
    private final PipeHistory history;
    private final Resource.Catalog catalog;
    private final BrokerIdentity broker;

    public PipeQueryController(PipeViews views, PipeHistory history, Resource.Catalog catalog,
                               BrokerIdentity broker) {
        this.views = views;
        this.history = history;
        this.catalog = catalog;
        this.broker = broker;
    }

    @GetMapping("/{resource}/pipes")
    public Mono<ArrayNode> list(@PathVariable String resource) {
        requireResource(resource);
        return blocking(() -> {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            views.list(resource).forEach(v -> array.add(PipeRepresentation.render(broker, v)));
            return array;
        });
    }

    @GetMapping("/{resource}/pipes/{pipe}")
    public Mono<ObjectNode> get(@PathVariable String resource, @PathVariable String pipe,
                                @RequestParam(required = false) String at) {
        requireResource(resource);
        String key = PipeKeys.pipe(resource, pipe);
        if (at != null) {
            return blocking(() -> PipeRepresentation.render(broker, history.at(key, at)));
        }
        return blocking(() -> {
            PipeView view = views.find(key).filter(v -> !v.deleted())
                    .orElseThrow(() -> new NotFoundException("pipe " + pipe + " of resource " + resource
                            + " does not exist"));
            return PipeRepresentation.render(broker, view);
        });
    }

    @GetMapping("/{resource}/pipes/{pipe}/history")
    public Mono<ArrayNode> history(@PathVariable String resource, @PathVariable String pipe) {
        requireResource(resource);
        return blocking(() -> {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (PipeHistory.Entry entry : history.history(PipeKeys.pipe(resource, pipe))) {
                ObjectNode item = array.addObject();
                item.put("sequence", entry.sequence());
                item.put("type", entry.type());
                item.put("at", entry.at().toString());
                ObjectNode actor = item.putObject("actor");
                actor.put("kind", entry.event().actor().kind().name().toLowerCase());
                actor.put("name", entry.event().actor().name());
                if (entry.event().actor().subject() != null) {
                    actor.put("subject", entry.event().actor().subject());
                }
                item.set("event", HistoryJson.describe(entry.event()));
            }
            return array;
        });
    }

    private void requireResource(String resource) {
        if (catalog.find(resource).isEmpty()) {
            throw new NotFoundException("resource " + resource + " does not exist");
        }
    }

    static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
