package dev.junction.api.pipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The commands of the pipe aggregate. */
public final class PipeCommands {

    private PipeCommands() {
    }

    /**
     * Creates a pipe with the ends a request asks for: the schema and data of this end (its uri and
     * issuer are the broker's) and the whole other end.
     */
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

    /**
     * Creates a pipe through a blueprint, taking one of its slots in the same transaction. A null
     * {@code proto} or {@code adapters} asks for the blueprint's defaults.
     */
    public record BindBlueprint(String resource, BlueprintKind kind, String blueprint, String pipeId, String proto,
                                List<String> adapters, End thisEnd, End otherEnd, Actor actor) {
    }

    /** A peer says its end of this pipe was deleted. */
    public record DetachOtherEnd(@TargetAggregateIdentifier String pipeKey, Actor actor) {
    }

    /** The outcome of one delivery attempt to the peer, reported by the delivery adapter. */
    public record RecordPropagationResult(@TargetAggregateIdentifier String pipeKey, long version, boolean deletion,
                                          int attempt, boolean delivered, String target, String reason) {
    }

    /** The propagation saga gives up after its last attempt. */
    public record GiveUpPropagation(@TargetAggregateIdentifier String pipeKey, long version, boolean deletion,
                                    int attempts, String reason) {
    }

    /** An operator asks for a failed propagation to be tried again. */
    public record RetryPropagation(@TargetAggregateIdentifier String pipeKey, Actor actor) {
    }
}
