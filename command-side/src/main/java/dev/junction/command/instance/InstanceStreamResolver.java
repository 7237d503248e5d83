package dev.junction.command.instance;

import dev.junction.api.backend.BackendCommands;
import dev.junction.api.backend.BackendStreams;
import dev.junction.api.instance.InstanceCommands;
import dev.junction.api.instance.InstanceStreams;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Sends the commands of aggregates that live in prefixed streams to them: an instance's
 * ({@link InstanceStreams}) and a backend's ({@link BackendStreams}); the commands name them as the
 * platform or the operator does. Axon takes a resolver bean as every aggregate's default, so there is one
 * such bean, and any other command keeps its annotated target as is.
 */
public class InstanceStreamResolver implements CommandTargetResolver {

    public static final String BEAN = "instanceStreamResolver";

    /** The holder of an aggregate's commands, and its stream id for the id they name. */
    private static final Map<Class<?>, UnaryOperator<String>> STREAMS = Map.of(
            InstanceCommands.class, InstanceStreams::of,
            BackendCommands.class, BackendStreams::of);

    private final CommandTargetResolver annotated = AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        VersionedAggregateIdentifier target = annotated.resolveTarget(command);
        Class<?> holder = command.getPayloadType().getEnclosingClass();
        UnaryOperator<String> stream = holder == null ? null : STREAMS.get(holder);
        if (stream == null) {
            return target;
        }
        return new VersionedAggregateIdentifier(stream.apply(target.getIdentifier()), target.getVersion());
    }
}
