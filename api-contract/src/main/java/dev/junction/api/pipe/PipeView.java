package dev.junction.api.pipe;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * A pipe as the read model holds it. {@code version} is the aggregate sequence number of the last
 * event applied, {@code thisVersion} the number of changes of this end, {@code propagation} the state
 * of its delivery to the peer (null when nothing was ever delivered).
 */
public record PipeView(String resource, String pipeId, End thisEnd, End otherEnd, PipeBinding binding,
                       long version, long thisVersion, Long otherPeerVersion, boolean deleted,
                       Instant createdAt, Instant updatedAt, Propagation propagation) {

    public PipeView(String resource, String pipeId, End thisEnd, End otherEnd, PipeBinding binding,
                    long version, long thisVersion, Long otherPeerVersion, boolean deleted,
                    Instant createdAt, Instant updatedAt) {
        this(resource, pipeId, thisEnd, otherEnd, binding, version, thisVersion, otherPeerVersion, deleted,
                createdAt, updatedAt, null);
    }

    @JsonIgnore
    public String key() {
        return PipeKeys.pipe(resource, pipeId);
    }

    public PipeView withPropagation(Propagation newPropagation, long newVersion, Instant at) {
        return new PipeView(resource, pipeId, thisEnd, otherEnd, binding, newVersion, thisVersion, otherPeerVersion,
                deleted, createdAt, at, newPropagation);
    }

    /** Delivery of this end to the peer: {@code state} is delivered, retrying or failed. */
    public record Propagation(State state, long version, boolean deletion, int attempts, String lastError,
                              Instant at) {
        public enum State { DELIVERED, RETRYING, FAILED }
    }
}
