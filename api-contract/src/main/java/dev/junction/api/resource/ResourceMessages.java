package dev.junction.api.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** "The platform changed": the data of a resource, merged into every pipe of it. */
public final class ResourceMessages {

    private ResourceMessages() {
    }

    /** {@code defaults} is the resource's declared data, the base of the first change. */
    public record UpdateResourceData(@TargetAggregateIdentifier String resource, ObjectNode data, ObjectNode defaults,
                                     Actor actor) {
    }

    /** {@code data} is the patch that was merged, {@code merged} the resource's data afterwards. */
    public record ResourceDataChanged(String resource, ObjectNode data, ObjectNode merged, Actor actor, Instant at) {
    }

    /** Query: the resource's current data (its declared defaults with every change merged in), or null. */
    public record FindResourceData(String resource) {
    }

    /** Query: the ids of the live pipes of a resource. */
    public record ListLivePipeIds(String resource) {
    }

    public record PipeIds(List<String> ids) {
    }
}
