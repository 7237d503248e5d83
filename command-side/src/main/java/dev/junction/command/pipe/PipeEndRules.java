package dev.junction.command.pipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.BrokerIdentity;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeCommands.CreatePipe;
import dev.junction.api.pipe.PipeCommands.UpdatePipe;

/**
 * The ends a pipe command leaves, decided by one set of rules: {@link PipeValidation} applies them to the
 * ends committed last, before the command takes the pipe's lock, and {@link PipeAggregate} applies them
 * again under the lock, so the two agree unless the pipe changed in between.
 */
public final class PipeEndRules {

    private PipeEndRules() {
    }

    /** Both ends of a pipe. */
    public record Ends(End thisEnd, End otherEnd) {
    }

    /**
     * A new pipe: this end gets the broker's uri and issuer, then the resource's current data ({@code startData},
     * null for a bound pipe, whose templates' data is in the request), then the request's data.
     */
    static Ends created(CreatePipe command, BrokerIdentity broker, ObjectNode startData) {
        End requested = command.thisEnd() == null ? End.EMPTY : command.thisEnd();
        End newThis = new End(broker.pipeUri(command.resource(), command.pipeId()), broker.rootUrl(),
                requested.schema(), null)
                .merge(new End(null, null, null, startData))
                .merge(new End(null, null, null, requested.data()));
        return new Ends(newThis, command.otherEnd() == null ? End.EMPTY : command.otherEnd());
    }

    /** A user's update: this end's uri and issuer are the broker's, so a patch changes only its schema and data. */
    static Ends updated(Ends current, UpdatePipe command) {
        End thisPatch = command.thisEnd() == null ? null
                : new End(null, null, command.thisEnd().schema(), command.thisEnd().data());
        return new Ends(current.thisEnd().merge(thisPatch), current.otherEnd().merge(command.otherEnd()));
    }

    /** A peer's update: its data merged into the other end. */
    static Ends posted(Ends current, ObjectNode data) {
        return new Ends(current.thisEnd(), current.otherEnd().merge(new End(null, null, null, data)));
    }
}
