package dev.junction.saga.propagation;

import dev.junction.api.pipe.PeerDeliveryRequests.DeliverPipeEnd;
import dev.junction.api.pipe.PipeCommands.GiveUpPropagation;
import dev.junction.api.pipe.PipeEvents;
import dev.junction.api.pipe.PipeEvents.OtherEndUpdated;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.api.pipe.PipeEvents.PropagationAttemptFailed;
import dev.junction.api.pipe.PipeEvents.PropagationRetryRequested;
import dev.junction.api.pipe.PipeEvents.PropagationSucceeded;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.Message;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.util.Objects;

/**
 * Keeps the peer's copy of a pipe's {@code this} end up to date (automatic configuration).
 *
 * <p>One saga follows each pipe that has a peer, from creation (or from the moment its other end gets
 * a uri) to deletion; a pipe without a peer has none, so the common local pipe costs the saga store
 * nothing. When this end changes while the other end has a uri and this end has data, it asks for the newest version to be delivered
 * ({@link DeliverPipeEnd}: the delivery adapter makes the HTTP call and reports back with an event),
 * so no processor thread waits on a peer. A failed attempt is retried after an exponential back-off
 * on a persistent deadline; after the last attempt the saga gives up ({@code PropagationFailed}) until
 * an operator asks for a retry. A newer version supersedes whatever is pending. When the pipe is
 * deleted, the peer is told, with the same retries, and the saga ends.
 *
 * <p>The saga keeps ids, versions and flags only: never the data it propagates. Its processor gives it
 * only the events that {@link #mayConcern} lets through.
 */
@Saga
public class PeerPropagationSaga {

    static final String RETRY_DEADLINE = "retry-propagation";
    /** The version to deliver when the saga does not know this end's: whatever it is now. */
    public static final long CURRENT = DeliverPipeEnd.CURRENT_VERSION;

    @Inject
    private transient CommandGateway commands;
    @Inject
    private transient DeadlineManager deadlines;
    @Inject
    private transient PropagationPolicy policy;

    private String pipeKey;
    private String otherUri;
    private boolean hasData;
    private long thisVersion;
    private long wanted;
    private boolean deletion;
    private int attempt;
    private String retryDeadline;

    /**
     * The events this saga is given: all but those whose pipe had no peer before or after them
     * ({@link PipeEvents#PEER} false, set by the pipe's aggregate), so a local pipe's event is passed over
     * before its payload is read or the saga store is asked. An event without the flag (written before it
     * existed) is given to the saga.
     */
    public static boolean mayConcern(Message<?> event) {
        return !Boolean.FALSE.equals(event.getMetaData().get(PipeEvents.PEER));
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "pipeKey")
    public void on(PipeCreated event) {
        pipeKey = event.pipeKey();
        otherUri = event.otherEnd() == null ? null : event.otherEnd().uri();
        hasData = event.thisEnd() != null && event.thisEnd().hasData();
        thisVersion = 1;
        deletion = false;
        cancelRetry();
        attempt = 0;
        if (otherUri == null) {
            SagaLifecycle.end(); // no peer: nothing to keep up to date (a later other uri starts a saga)
            return;
        }
        if (eligible()) {
            deliver(thisVersion, false);
        }
    }

    @SagaEventHandler(associationProperty = "pipeKey")
    public void on(ThisEndUpdated event) {
        hasData = event.thisEnd().hasData();
        thisVersion = event.version();
        if (eligible()) {
            deliver(thisVersion, false);
        }
    }

    /**
     * A new other uri (a binding completed by hand, say) gets the current end at once. For a pipe that
     * had no peer until now, this starts its saga, which does not know this end yet: it asks for
     * {@link #CURRENT} to be delivered, and the delivery sends whatever this end holds (nothing when
     * it has no data).
     */
    @StartSaga
    @SagaEventHandler(associationProperty = "pipeKey")
    public void on(OtherEndUpdated event) {
        String uri = event.otherEnd().uri();
        if (pipeKey == null) { // started by this event
            pipeKey = event.pipeKey();
            if (uri == null) {
                SagaLifecycle.end();
                return;
            }
            otherUri = uri;
            hasData = true; // unknown here; the delivery checks
            thisVersion = CURRENT;
            deliver(thisVersion, false);
            return;
        }
        boolean moved = !Objects.equals(uri, otherUri);
        if (otherUri == null && uri != null) {
            // this end's changes while the pipe had no peer did not come here (PipeEvents.PEER):
            // deliver whatever the end holds now
            hasData = true; // unknown here; the delivery checks
            thisVersion = CURRENT;
        }
        otherUri = uri;
        if (moved && eligible()) {
            deliver(thisVersion, false);
        }
    }

    @SagaEventHandler(associationProperty = "pipeKey")
    public void on(PropagationSucceeded event) {
        if (event.deletion() != deletion || event.version() < wanted) {
            return;
        }
        cancelRetry();
        attempt = 0;
        if (deletion) {
            SagaLifecycle.end();
        }
    }

    @SagaEventHandler(associationProperty = "pipeKey")
    public void on(PropagationAttemptFailed event) {
        if (event.deletion() != deletion || event.version() != wanted || event.attempt() != attempt) {
            return; // a report about something already superseded
        }
        if (attempt >= policy.maxAttempts()) {
            commands.send(new GiveUpPropagation(pipeKey, wanted, deletion, attempt, event.reason()));
            return;
        }
        cancelRetry();
        retryDeadline = deadlines.schedule(policy.delayAfter(attempt), RETRY_DEADLINE);
    }

    @DeadlineHandler(deadlineName = RETRY_DEADLINE)
    public void retry() {
        retryDeadline = null;
        attempt++;
        commands.send(new DeliverPipeEnd(pipeKey, wanted, deletion, attempt));
    }

    @SagaEventHandler(associationProperty = "pipeKey")
    public void on(PropagationRetryRequested event) {
        cancelRetry();
        attempt = 1;
        commands.send(new DeliverPipeEnd(pipeKey, wanted, deletion, attempt));
    }

    @SagaEventHandler(associationProperty = "pipeKey")
    public void on(PipeDeleted event) {
        cancelRetry();
        if (otherUri == null) {
            SagaLifecycle.end();
            return;
        }
        deliver(thisVersion, true);
    }

    private boolean eligible() {
        return otherUri != null && hasData;
    }

    private void deliver(long version, boolean isDeletion) {
        cancelRetry();
        wanted = version;
        deletion = isDeletion;
        attempt = 1;
        commands.send(new DeliverPipeEnd(pipeKey, wanted, deletion, attempt));
    }

    private void cancelRetry() {
        if (retryDeadline != null) {
            deadlines.cancelSchedule(RETRY_DEADLINE, retryDeadline);
            retryDeadline = null;
        }
    }
}
