package dev.junction.api.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;

import java.time.Instant;

/** The events of a backend an operator registered; its stream is {@link BackendStreams#of}. */
public final class BackendEvents {

    private BackendEvents() {
    }

    /** The whole backend as registered; {@code config} never leaves the (encrypted) event store for a view or a log. */
    public record BackendRegistered(String name, String image, ObjectNode config, String network, Actor actor,
                                    Instant at) {

        @Override
        public String toString() {
            return "BackendRegistered[name=" + name + ", image=" + image + ", network=" + network + ", actor="
                    + actor + ", at=" + at + "]";
        }
    }

    public record BackendRemoved(String name, Actor actor, Instant at) {
    }
}
