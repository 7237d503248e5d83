package dev.junction.api.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;

import java.time.Instant;

/** The events of a resource. */
public final class ResourceEvents {

    private ResourceEvents() {
    }

    /** {@code data} is the patch that was merged, {@code merged} the resource's data afterwards. */
    public record ResourceDataChanged(String resource, ObjectNode data, ObjectNode merged, Actor actor, Instant at) {
    }
}
