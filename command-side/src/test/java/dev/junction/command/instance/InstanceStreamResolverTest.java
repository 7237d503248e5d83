package dev.junction.command.instance;

import dev.junction.api.Actor;
import dev.junction.api.backend.BackendCommands.RemoveBackend;
import dev.junction.api.instance.InstanceCommands.PurgeInstance;
import dev.junction.api.resource.ResourceCommands.UpdateResourceData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

class InstanceStreamResolverTest {

    private final InstanceStreamResolver resolver = new InstanceStreamResolver();

    @Test
    void anInstanceCommandGoesToThePrefixedStream() {
        assertThat(resolver.resolveTarget(asCommandMessage(new PurgeInstance("db", Actor.user("op"))))
                .getIdentifier()).isEqualTo("instance:db");
    }

    @Test
    void aBackendCommandGoesToItsPrefixedStream() {
        assertThat(resolver.resolveTarget(asCommandMessage(new RemoveBackend("db", Actor.user("op"))))
                .getIdentifier()).isEqualTo("backend:db");
    }

    /** Axon makes a resolver bean every aggregate's default: a resource (or pipe) keeps its own stream. */
    @Test
    void everyOtherCommandKeepsItsTarget() {
        assertThat(resolver.resolveTarget(asCommandMessage(new UpdateResourceData("db", null, Actor.user("op"))))
                .getIdentifier()).isEqualTo("db");
    }
}
