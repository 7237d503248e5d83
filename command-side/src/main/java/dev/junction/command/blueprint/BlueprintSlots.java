package dev.junction.command.blueprint;

import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotReleased;
import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotTaken;
import dev.junction.api.error.ConflictException;
import dev.junction.command.blueprint.SlotCommands.ReleaseSlot;
import dev.junction.command.blueprint.SlotCommands.TakeSlot;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The pipes bound through one blueprint of one resource. It is the one place where {@code maxPipes}
 * is decided, so concurrent bindings are serialised by the aggregate's lock (and, across brokers,
 * by the event store's unique sequence).
 */
@Aggregate(cache = "aggregateCache")
public class BlueprintSlots {

    @AggregateIdentifier
    private String blueprintKey;
    private final Set<String> pipes = new LinkedHashSet<>();

    public BlueprintSlots() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(TakeSlot command, Clock clock) {
        int maxPipes = command.maxPipes();
        if (pipes.contains(command.pipeKey())) {
            throw new ConflictException("pipe " + command.pipeKey() + " already exists");
        }
        if (maxPipes > 0 && pipes.size() >= maxPipes) {
            throw new ConflictException("blueprint " + command.blueprintKey() + " is full: it allows " + maxPipes
                    + (maxPipes == 1 ? " pipe" : " pipes") + " and has " + pipes.size());
        }
        apply(new BlueprintSlotTaken(command.blueprintKey(), command.pipeKey(), command.actor(), clock.instant()));
    }

    /** Frees the slot of a pipe; freeing a slot that is not taken changes nothing. */
    @CommandHandler
    public void handle(ReleaseSlot command, Clock clock) {
        if (pipes.contains(command.pipeKey())) {
            apply(new BlueprintSlotReleased(blueprintKey, command.pipeKey(), command.actor(), clock.instant()));
        }
    }

    @EventSourcingHandler
    void on(BlueprintSlotTaken event) {
        blueprintKey = event.blueprintKey();
        pipes.add(event.pipeKey());
    }

    @EventSourcingHandler
    void on(BlueprintSlotReleased event) {
        pipes.remove(event.pipeKey());
    }
}
