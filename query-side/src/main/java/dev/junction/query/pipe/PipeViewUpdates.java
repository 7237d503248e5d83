package dev.junction.query.pipe;

import dev.junction.api.pipe.PipeView;

import java.util.Optional;

/** Where {@link PipeViewProjection} reads a view before folding an event in, and writes the result. */
public interface PipeViewUpdates {

    /**
     * The view as it stands before the event at aggregate sequence {@code sequence} (so holding at
     * least the event just before, when this store has seen it).
     */
    Optional<PipeView> findForUpdate(String key, long sequence);

    /** Writes a view that the fold has just made from the one {@link #findForUpdate} gave. */
    void replace(PipeView view);
}
