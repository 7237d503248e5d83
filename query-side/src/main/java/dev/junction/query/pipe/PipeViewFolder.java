package dev.junction.query.pipe;

import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeEvents.OtherEndUpdated;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.api.pipe.PipeEvents.PipeEvent;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import dev.junction.api.pipe.PipeView;

/** The pipe view as a fold over the pipe's events: one function for live updates, rebuilds and time travel. */
public final class PipeViewFolder {

    private PipeViewFolder() {
    }

    /**
     * Applies one event, at aggregate sequence {@code sequence}, to the view (null before the first
     * event). Returns the view unchanged when the event is not newer than what it holds.
     */
    public static PipeView apply(PipeView view, PipeEvent event, long sequence) {
        if (view != null && sequence <= view.version()) {
            return view;
        }
        return switch (event) {
            case PipeCreated e -> new PipeView(e.resource(), e.pipeId(), orEmpty(e.thisEnd()), orEmpty(e.otherEnd()),
                    e.binding(), sequence, 1, null, false, e.at(), e.at());
            case ThisEndUpdated e -> view == null ? null : new PipeView(view.resource(), view.pipeId(), e.thisEnd(),
                    view.otherEnd(), view.binding(), sequence, e.version(), view.otherPeerVersion(), view.deleted(),
                    view.createdAt(), e.at());
            case OtherEndUpdated e -> view == null ? null : new PipeView(view.resource(), view.pipeId(),
                    view.thisEnd(), e.otherEnd(), view.binding(), sequence, view.thisVersion(), e.peerVersion(),
                    view.deleted(), view.createdAt(), e.at());
            case PipeDeleted e -> view == null ? null : new PipeView(view.resource(), view.pipeId(), view.thisEnd(),
                    view.otherEnd(), view.binding(), sequence, view.thisVersion(), view.otherPeerVersion(), true,
                    view.createdAt(), e.at());
        };
    }

    private static End orEmpty(End end) {
        return end == null ? End.EMPTY : end;
    }
}
