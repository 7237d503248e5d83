package dev.junction.api.pipe;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * A pipe as the read model holds it. {@code version} is the aggregate sequence number of the last
 * event applied, {@code thisVersion} the number of changes of this end.
 */
public record PipeView(String resource, String pipeId, End thisEnd, End otherEnd, PipeBinding binding,
                       long version, long thisVersion, Long otherPeerVersion, boolean deleted,
                       Instant createdAt, Instant updatedAt) {

    @JsonIgnore
    public String key() {
        return PipeKeys.pipe(resource, pipeId);
    }
}
