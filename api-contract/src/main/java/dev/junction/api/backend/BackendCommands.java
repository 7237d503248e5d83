package dev.junction.api.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What an operator asks of a backend ({@code PUT} and {@code DELETE /b/backends/{name}}). The name follows
 * {@code api.input.Ids}; the backend lives in its own stream ({@link BackendStreams}).
 */
public final class BackendCommands {

    private BackendCommands() {
    }

    /**
     * Registers the backend, or changes it: {@code config} is fed to the image's {@code configure} (it may
     * hold an admin password, so it is kept only in events, which are encrypted at rest), {@code network}
     * is {@code none} or {@code host}.
     */
    public record RegisterBackend(@TargetAggregateIdentifier String name, String image, ObjectNode config,
                                  String network, Actor actor) {

        /** Never the config: a command may be logged when it fails. */
        @Override
        public String toString() {
            return "RegisterBackend[name=" + name + ", image=" + image + ", network=" + network + "]";
        }
    }

    public record RemoveBackend(@TargetAggregateIdentifier String name, Actor actor) {
    }
}
