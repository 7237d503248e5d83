package dev.junction.command.pipe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.BrokerIdentity;
import dev.junction.api.error.ConflictException;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.Actor;
import dev.junction.api.pipe.PipeCommands.CreatePipe;
import dev.junction.api.pipe.PipeCommands.DeletePipe;
import dev.junction.api.pipe.PipeCommands.DetachOtherEnd;
import dev.junction.api.pipe.PipeCommands.GiveUpPropagation;
import dev.junction.api.pipe.PipeCommands.PostOtherEnd;
import dev.junction.api.pipe.PipeCommands.RecordPropagationResult;
import dev.junction.api.pipe.PipeCommands.RetryPropagation;
import dev.junction.api.pipe.PipeCommands.UpdatePipe;
import dev.junction.api.pipe.PipeEvents.OtherEndDetached;
import dev.junction.api.pipe.PipeEvents.OtherEndUpdated;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.api.pipe.PipeEvents.PropagationAttemptFailed;
import dev.junction.api.pipe.PipeEvents.PropagationFailed;
import dev.junction.api.pipe.PipeEvents.PropagationRetryRequested;
import dev.junction.api.pipe.PipeEvents.PropagationSucceeded;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import dev.junction.api.pipe.PipeEvents;
import dev.junction.command.resource.ResourceDataLookup;
import dev.junction.command.pipe.PipeEndRules.Ends;
import org.axonframework.messaging.MetaData;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A pipe between a resource of this broker and whatever sits at its other end.
 *
 * <p>Rules live in the command handlers, state changes only in the event sourcing handlers. A
 * deleted pipe keeps its event stream (the audit trail); creating it again starts a new life on
 * the same stream.
 */
@Aggregate(snapshotTriggerDefinition = "pipeSnapshotTrigger", cache = "aggregateCache")
public class PipeAggregate {

    @AggregateIdentifier
    private String pipeKey;
    private boolean alive;
    private End thisEnd;
    private End otherEnd;
    private PipeBinding binding;
    private long thisVersion;
    private Long otherPeerVersion;
    private boolean propagationFailed;

    public PipeAggregate() {
        // for Axon
    }

    /**
     * Creates the pipe and answers its creation, which the create and bind routes render. This end
     * gets the broker's uri and issuer for the pipe, and its data starts from the resource's current
     * data (a bound pipe's from its templates' data, which the binding has put in the request).
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public PipeCreated handle(CreatePipe command, BrokerIdentity broker, ResourceDataLookup resources,
                              PipeValidation validation, Clock clock) {
        if (alive) {
            throw new ConflictException("pipe " + command.pipeId() + " of resource " + command.resource()
                    + " already exists");
        }
        ObjectNode startData = command.binding() == null ? resources.dataOf(command.resource()).orElse(null) : null;
        Ends ends = PipeEndRules.created(command, broker, startData);
        validation.require(command.pipeKey(), ends);
        PipeCreated created = new PipeCreated(command.pipeKey(), command.resource(), command.pipeId(), ends.thisEnd(),
                ends.otherEnd(), command.binding(), command.actor(), clock.instant());
        apply(created, peer(ends.otherEnd().uri() != null));
        return created;
    }

    /** A user's update ({@link PipeEndRules#updated}). */
    @CommandHandler
    public void handle(UpdatePipe command, PipeValidation validation, Clock clock) {
        requireAlive();
        Ends ends = PipeEndRules.updated(new Ends(thisEnd, otherEnd), command);
        validation.require(pipeKey, ends);
        End newThis = ends.thisEnd();
        End newOther = ends.otherEnd();
        Instant at = clock.instant();
        MetaData peer = peer(otherEnd.uri() != null || newOther.uri() != null);
        if (!newThis.sameAs(thisEnd)) {
            apply(new ThisEndUpdated(pipeKey, newThis, thisVersion + 1, command.actor(), at), peer);
        }
        if (!newOther.sameAs(otherEnd)) {
            apply(new OtherEndUpdated(pipeKey, newOther, otherPeerVersion, command.actor(), at),
                    peer(!Objects.equals(otherEnd.uri(), newOther.uri())));
        }
    }

    /**
     * A peer's update of the other end's data. A delivery that carries a version older than (or
     * equal to) the one applied last is stale and changes nothing; deliveries without a version are
     * applied in arrival order, as a reference peer expects.
     */
    @CommandHandler
    public boolean handle(PostOtherEnd command, PipeValidation validation, Clock clock) {
        if (command.data() == null) {
            throw new InvalidInputException("other.data", "is required in a peer's update");
        }
        requireAlive();
        if (command.version() != null && otherPeerVersion != null && command.version() <= otherPeerVersion) {
            return false;
        }
        Ends ends = PipeEndRules.posted(new Ends(thisEnd, otherEnd), command.data());
        validation.require(pipeKey, ends);
        End newOther = ends.otherEnd();
        Long version = command.version() != null ? command.version() : otherPeerVersion;
        if (newOther.sameAs(otherEnd) && Objects.equals(version, otherPeerVersion)) {
            return true;
        }
        apply(new OtherEndUpdated(pipeKey, newOther, version, command.actor(), clock.instant()),
                peer(false)); // same uri
        return true;
    }

    /** Deletes the pipe and answers how it was bound (null for a plain pipe), so its slot can be freed. */
    public PipeBinding delete(DeletePipe command, Clock clock) {
        requireAlive();
        PipeBinding wasBound = binding;
        apply(new PipeDeleted(pipeKey, binding, command.actor(), clock.instant()));
        return wasBound;
    }

    /** The peer deleted its end: its data goes, so the app stops using what it no longer provides. */
    @CommandHandler
    public void handle(DetachOtherEnd command, Clock clock) {
        requireAlive();
        if (otherEnd.data() == null) {
            return;
        }
        apply(new OtherEndDetached(pipeKey, new End(otherEnd.uri(), otherEnd.issuer(), otherEnd.schema(), null),
                command.actor(), clock.instant()));
    }

    @CommandHandler
    public void handle(RecordPropagationResult command, Clock clock) {
        Actor broker = Actor.system("propagation");
        if (command.delivered()) {
            apply(new PropagationSucceeded(pipeKey, command.version(), command.deletion(), command.target(), broker,
                    clock.instant()));
        } else {
            apply(new PropagationAttemptFailed(pipeKey, command.version(), command.deletion(), command.attempt(),
                    command.reason(), broker, clock.instant()));
        }
    }

    @CommandHandler
    public void handle(GiveUpPropagation command, Clock clock) {
        apply(new PropagationFailed(pipeKey, command.version(), command.deletion(), command.attempts(),
                command.reason(), Actor.system("propagation"), clock.instant()));
    }

    @CommandHandler
    public void handle(RetryPropagation command, Clock clock) {
        if (!propagationFailed) {
            throw new ConflictException("pipe " + pipeKey + " has no failed propagation to retry");
        }
        apply(new PropagationRetryRequested(pipeKey, command.actor(), clock.instant()));
    }

    @EventSourcingHandler
    void on(PipeCreated event) {
        pipeKey = event.pipeKey();
        alive = true;
        thisEnd = event.thisEnd() == null ? End.EMPTY : event.thisEnd();
        otherEnd = event.otherEnd() == null ? End.EMPTY : event.otherEnd();
        binding = event.binding();
        // a pipe created again goes on counting: its peer drops any version not newer than the last it applied
        thisVersion = thisVersion + 1;
        otherPeerVersion = null;
        propagationFailed = false;
    }

    @EventSourcingHandler
    void on(ThisEndUpdated event) {
        thisEnd = event.thisEnd();
        thisVersion = event.version();
    }

    @EventSourcingHandler
    void on(OtherEndUpdated event) {
        otherEnd = event.otherEnd();
        otherPeerVersion = event.peerVersion();
    }

    @EventSourcingHandler
    void on(OtherEndDetached event) {
        otherEnd = event.otherEnd();
    }

    @EventSourcingHandler
    void on(PropagationSucceeded event) {
        propagationFailed = false;
    }

    @EventSourcingHandler
    void on(PropagationFailed event) {
        propagationFailed = true;
    }

    @EventSourcingHandler
    void on(PropagationRetryRequested event) {
        propagationFailed = false;
    }

    @EventSourcingHandler
    void on(PipeDeleted event) {
        alive = false;
        binding = null;
    }

    /** The ends as its events left them; null when the pipe is not alive (read from a snapshot by {@link CommittedEnds}). */
    Ends committedEnds() {
        return alive ? new Ends(thisEnd, otherEnd) : null;
    }

    private void requireAlive() {
        if (!alive) {
            throw new NotFoundException("pipe " + pipeKey + " does not exist");
        }
    }

    /** {@link PipeEvents#PEER}: whether the event can concern the propagation to a peer. */
    private static MetaData peer(boolean peer) {
        return MetaData.with(PipeEvents.PEER, peer);
    }
}
