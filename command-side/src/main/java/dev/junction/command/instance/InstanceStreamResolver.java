package dev.junction.command.instance;

import dev.junction.api.instance.InstanceCommands;
import dev.junction.api.instance.InstanceStreams;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Sends the commands an instance handles itself to its stream ({@link InstanceStreams}): the commands
 * name the instance as the platform does, the aggregate lives under the prefixed id. Axon takes a
 * resolver bean as every aggregate's default, so any other command keeps its annotated target as is.
 */
public class InstanceStreamResolver implements CommandTargetResolver {

    public static final String BEAN = "instanceStreamResolver";

    private final CommandTargetResolver annotated = AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        VersionedAggregateIdentifier target = annotated.resolveTarget(command);
        if (command.getPayloadType().getEnclosingClass() != InstanceCommands.class) {
            return target;
        }
        return new VersionedAggregateIdentifier(InstanceStreams.of(target.getIdentifier()), target.getVersion());
    }
}
