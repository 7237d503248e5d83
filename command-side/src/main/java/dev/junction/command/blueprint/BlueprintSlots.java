package dev.junction.command.blueprint;

import dev.junction.api.Actor;
import dev.junction.api.blueprint.BlueprintMessages.BlueprintSlotReleased;
import dev.junction.api.blueprint.BlueprintMessages.BlueprintSlotTaken;
import dev.junction.api.error.ConflictException;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
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

    static Clock clock = Clock.systemUTC();

    @AggregateIdentifier
    private String blueprintKey;
    private final Set<String> pipes = new LinkedHashSet<>();

    public BlueprintSlots() {
        // for Axon
    }

    public void take(String key, String pipeKey, int maxPipes, Actor actor) {
        if (pipes.contains(pipeKey)) {
            throw new ConflictException("pipe " + pipeKey + " already exists");
        }
        if (maxPipes > 0 && pipes.size() >= maxPipes) {
            throw new ConflictException("blueprint " + key + " is full: it allows " + maxPipes
                    + (maxPipes == 1 ? " pipe" : " pipes") + " and has " + pipes.size());
        }
        apply(new BlueprintSlotTaken(key, pipeKey, actor, clock.instant()));
    }

    /** Frees the slot of a pipe; freeing a slot that is not taken changes nothing. */
    public void release(String pipeKey, Actor actor) {
        if (pipes.contains(pipeKey)) {
            apply(new BlueprintSlotReleased(blueprintKey, pipeKey, actor, clock.instant()));
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
