package dev.junction.api.pipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The commands of the pipe aggregate. */
public final class PipeCommands {

    private PipeCommands() {
    }

    /** Creates a pipe; its ends are complete (the broker has already set this.uri and this.issuer). */
    public record CreatePipe(@TargetAggregateIdentifier String pipeKey, String resource, String pipeId,
                             End thisEnd, End otherEnd, PipeBinding binding, Actor actor) {
    }

    /** A user's PATCH: each end present is merged into the current one. */
    public record UpdatePipe(@TargetAggregateIdentifier String pipeKey, End thisEnd, End otherEnd, Actor actor) {
    }

    /**
     * A peer broker posts its end's data. {@code version} is the sender's version of its end, or null
     * when the sender does not send one.
     */
    public record PostOtherEnd(@TargetAggregateIdentifier String pipeKey, ObjectNode data, Long version,
                               Actor actor) {
    }

    public record DeletePipe(@TargetAggregateIdentifier String pipeKey, Actor actor) {
    }

    /** Creates a pipe through a blueprint, taking one of its slots in the same transaction. */
    public record BindBlueprint(String blueprintKey, int maxPipes, CreatePipe pipe) {
    }
}
