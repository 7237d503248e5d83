package dev.junction.api.pipe;

import dev.junction.api.Actor;

import java.time.Instant;

/**
 * The events of a pipe. Each carries the whole new state of the end it changes, who caused it and
 * when, so that a projection or a time-travel query needs nothing but the events.
 */
public final class PipeEvents {

    private PipeEvents() {
    }

    public sealed interface PipeEvent permits PipeCreated, ThisEndUpdated, OtherEndUpdated, PipeDeleted {
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
}
