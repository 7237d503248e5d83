package dev.junction.command.resource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.resource.ResourceEvents.ResourceDataChanged;
import dev.junction.api.resource.ResourceCommands.UpdateResourceData;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The data of a resource as the platform changes it ("the platform changed"). The declared data is
 * the starting point; each change is merged in key by key and recorded.
 */
@Aggregate(cache = "aggregateCache")
public class ResourceAggregate {

    @AggregateIdentifier
    private String resource;
    private ObjectNode data;

    public ResourceAggregate() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(UpdateResourceData command, Resource.Catalog catalog, Clock clock) {
        if (command.data() == null || command.data().isEmpty()) {
            throw new InvalidInputException("data", "must be a non-empty object of the keys to change");
        }
        ObjectNode base = data != null ? data : catalog.find(command.resource()).map(Resource::data)
                .orElseGet(JsonNodeFactory.instance::objectNode);
        ObjectNode merged = base.deepCopy();
        merged.setAll(command.data().deepCopy());
        if (merged.equals(data)) {
            return;
        }
        apply(new ResourceDataChanged(command.resource(), command.data(), merged, command.actor(), clock.instant()));
    }

    @EventSourcingHandler
    void on(ResourceDataChanged event) {
        resource = event.resource();
        data = event.merged();
    }
}
