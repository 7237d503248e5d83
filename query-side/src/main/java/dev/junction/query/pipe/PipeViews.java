package dev.junction.query.pipe;

import dev.junction.api.pipe.PipeView;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a reader may ask of the pipe views. Every answer includes the views this broker has just
 * written (read-your-writes), whether or not they have reached MongoDB yet.
 */
public interface PipeViews {

    /** The view of {@code key}, deleted ones included. */
    Optional<PipeView> find(String key);

    /** The live pipes of {@code resource}, in pipe id order. */
    List<PipeView> list(String resource);

    /** The ids of the live pipes of {@code resource}, sorted. */
    List<String> liveIds(String resource);

    /** Pipes whose delivery to the peer has failed for good, oldest failure first. */
    List<PipeView> failedPropagations();

    /**
     * The view once it satisfies {@code ready}, waiting up to {@code timeout}: a streaming handler may
     * see an event a moment before the projection, which follows the same commit, has written it.
     * Answers whatever is there when the time is up.
     */
    Optional<PipeView> await(String key, Predicate<PipeView> ready, Duration timeout);
}
