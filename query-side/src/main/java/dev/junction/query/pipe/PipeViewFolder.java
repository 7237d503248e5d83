package dev.junction.query.pipe;

import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeEvents.OtherEndDetached;
import dev.junction.api.pipe.PipeEvents.OtherEndUpdated;
import dev.junction.api.pipe.PipeEvents.PropagationAttemptFailed;
import dev.junction.api.pipe.PipeEvents.PropagationFailed;
import dev.junction.api.pipe.PipeEvents.PropagationRetryRequested;
import dev.junction.api.pipe.PipeEvents.PropagationSucceeded;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.api.pipe.PipeEvents.PipeEvent;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import dev.junction.api.pipe.PipeView;
import dev.junction.api.pipe.PipeView.Propagation;
import dev.junction.api.pipe.PipeView.Propagation.State;

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
                    e.binding(), sequence, view == null ? 1 : view.thisVersion() + 1, null, false, e.at(), e.at());
            case ThisEndUpdated e -> view == null ? null : new PipeView(view.resource(), view.pipeId(), e.thisEnd(),
                    view.otherEnd(), view.binding(), sequence, e.version(), view.otherPeerVersion(), view.deleted(),
                    view.createdAt(), e.at(), view.propagation());
            case OtherEndUpdated e -> view == null ? null : new PipeView(view.resource(), view.pipeId(),
                    view.thisEnd(), e.otherEnd(), view.binding(), sequence, view.thisVersion(), e.peerVersion(),
                    view.deleted(), view.createdAt(), e.at(), view.propagation());
            case PipeDeleted e -> view == null ? null : new PipeView(view.resource(), view.pipeId(), view.thisEnd(),
                    view.otherEnd(), view.binding(), sequence, view.thisVersion(), view.otherPeerVersion(), true,
                    view.createdAt(), e.at(), view.propagation());
            case OtherEndDetached e -> view == null ? null : new PipeView(view.resource(), view.pipeId(),
                    view.thisEnd(), e.otherEnd(), view.binding(), sequence, view.thisVersion(),
                    view.otherPeerVersion(), view.deleted(), view.createdAt(), e.at(), view.propagation());
            case PropagationSucceeded e -> view == null ? null : view.withPropagation(
                    new Propagation(State.DELIVERED, e.version(), e.deletion(), attempts(view, e.version()), null,
                            e.at()), sequence, e.at());
            case PropagationAttemptFailed e -> view == null ? null : view.withPropagation(
                    new Propagation(State.RETRYING, e.version(), e.deletion(), e.attempt(), e.reason(), e.at()),
                    sequence, e.at());
            case PropagationFailed e -> view == null ? null : view.withPropagation(
                    new Propagation(State.FAILED, e.version(), e.deletion(), e.attempts(), e.reason(), e.at()),
                    sequence, e.at());
            case PropagationRetryRequested e -> view == null ? null : view.withPropagation(
                    view.propagation() == null ? null : new Propagation(State.RETRYING, view.propagation().version(),
                            view.propagation().deletion(), 0, view.propagation().lastError(), e.at()),
                    sequence, e.at());
        };
    }

    /** Attempts it took to deliver: the failed ones recorded for the same version, plus this one. */
    private static int attempts(PipeView view, long version) {
        Propagation p = view.propagation();
        return p != null && p.version() == version && p.state() != State.DELIVERED ? p.attempts() + 1 : 1;
    }

    private static End orEmpty(End end) {
        return end == null ? End.EMPTY : end;
    }
}
