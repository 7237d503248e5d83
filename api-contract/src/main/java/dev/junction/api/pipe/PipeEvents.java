package dev.junction.api.pipe;

import dev.junction.api.Actor;

import java.time.Instant;

/**
 * The events of a pipe. Each carries the whole new state of the end it changes, who caused it and
 * when, so that a projection or a time-travel query needs nothing but the events.
 */
public final class PipeEvents {

    /**
     * Meta-data of {@code PipeCreated}, {@code ThisEndUpdated} and {@code OtherEndUpdated}: whether the
     * event can concern the propagation to a peer. For {@code PipeCreated} and {@code ThisEndUpdated}:
     * the pipe had an other end with a uri before or after the change (a peer to keep up to date); for
     * {@code OtherEndUpdated}: the other end's uri changed (a peer's update of its data leaves the
     * propagation as it is). Lets the propagation saga pass over the other events without reading
     * them; an event without it (written before it existed) counts as one that can.
     */
    public static final String PEER = "junction.peer";

    private PipeEvents() {
    }

    public sealed interface PipeEvent permits PipeCreated, ThisEndUpdated, OtherEndUpdated, PipeDeleted,
            OtherEndDetached, PropagationSucceeded, PropagationAttemptFailed, PropagationFailed,
            PropagationRetryRequested {
        String pipeKey();

        Actor actor();

        Instant at();
    }

    public record PipeCreated(String pipeKey, String resource, String pipeId, End thisEnd, End otherEnd,
                              PipeBinding binding, Actor actor, Instant at) implements PipeEvent {
    }

    /** {@code version} counts the changes of this end; peers use it to drop stale deliveries. */
    public record ThisEndUpdated(String pipeKey, End thisEnd, long version, Actor actor, Instant at)
            implements PipeEvent {
    }

    /** {@code peerVersion} is the version the peer sent, or null. */
    public record OtherEndUpdated(String pipeKey, End otherEnd, Long peerVersion, Actor actor, Instant at)
            implements PipeEvent {
    }

    public record PipeDeleted(String pipeKey, PipeBinding binding, Actor actor, Instant at) implements PipeEvent {
    }

    /** The peer told us its end was deleted: the other end's data is cleared, uri and issuer kept. */
    public record OtherEndDetached(String pipeKey, End otherEnd, Actor actor, Instant at) implements PipeEvent {
    }

    /** Version {@code version} of this end (or, with {@code deletion}, the deletion notice) reached the peer. */
    public record PropagationSucceeded(String pipeKey, long version, boolean deletion, String target, Actor actor,
                                       Instant at) implements PipeEvent {
    }

    /** One delivery attempt failed; the propagation saga decides whether and when to try again. */
    public record PropagationAttemptFailed(String pipeKey, long version, boolean deletion, int attempt,
                                           String reason, Actor actor, Instant at) implements PipeEvent {
    }

    /** The last attempt failed: nothing more is tried until an operator asks for a retry. */
    public record PropagationFailed(String pipeKey, long version, boolean deletion, int attempts, String reason,
                                    Actor actor, Instant at) implements PipeEvent {
    }

    public record PropagationRetryRequested(String pipeKey, Actor actor, Instant at) implements PipeEvent {
    }
}
