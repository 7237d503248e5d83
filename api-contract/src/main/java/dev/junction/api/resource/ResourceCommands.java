package dev.junction.api.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of a resource: "the platform changed" its data, which is merged into every pipe of it. */
public final class ResourceCommands {

    private ResourceCommands() {
    }

    /** {@code data} holds the keys to change; the first change starts from the resource's declared data. */
    public record UpdateResourceData(@TargetAggregateIdentifier String resource, ObjectNode data, Actor actor) {
    }
}
