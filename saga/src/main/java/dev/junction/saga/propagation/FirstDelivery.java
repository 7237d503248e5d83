package dev.junction.saga.propagation;

import dev.junction.api.pipe.PeerDeliveryRequests.DeliverPipeEnd;
import dev.junction.api.pipe.PipeEvents;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Sends a new version of a peered pipe's {@code this} end to the peer the moment it commits, instead of
 * when the propagation saga's processor reaches it. The saga still asks for the same version (attempt 1)
 * and owns retries, ordering and giving up: this attempt is numbered {@value #ATTEMPT}, so its failure is
 * not one the saga counts, and its success satisfies the saga's request, which the delivery adapter then
 * skips as already delivered. Runs after each command's commit (the {@code after-commit} processor),
 * never for a change that rolled back.
 */
@ProcessingGroup(FirstDelivery.PROCESSING_GROUP)
public class FirstDelivery {

    public static final String PROCESSING_GROUP = "first-delivery";
    /** The attempt number of a delivery sent from the commit. */
    public static final int ATTEMPT = 0;

    private final CommandGateway commands;

    public FirstDelivery(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(ThisEndUpdated event, @MetaDataValue(PipeEvents.PEER) Boolean peer) {
        if (!Boolean.TRUE.equals(peer) || !event.thisEnd().hasData() || !CurrentUnitOfWork.isStarted()) {
            return; // no peer, nothing to send, or not a live commit (a replay): the saga decides
        }
        DeliverPipeEnd first = new DeliverPipeEnd(event.pipeKey(), event.version(), false, ATTEMPT);
        CurrentUnitOfWork.get().root().afterCommit(u -> commands.send(first));
    }
}
