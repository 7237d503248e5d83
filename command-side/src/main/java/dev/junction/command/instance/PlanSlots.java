package dev.junction.command.instance;

import dev.junction.api.error.LimitReachedException;
import dev.junction.api.instance.PlanSlotEvents.PlanSlotReleased;
import dev.junction.api.instance.PlanSlotEvents.PlanSlotTaken;
import dev.junction.command.instance.PlanSlotCommands.ReleasePlanSlot;
import dev.junction.command.instance.PlanSlotCommands.TakePlanSlot;
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
 * The instances of one plan that has an {@code instanceLimit}. It is the one place where the limit is
 * decided, so concurrent provisions of the plan are serialised by this aggregate's lock (and, across
 * brokers, by the event store's unique sequence). Its id is {@link #key}.
 */
@Aggregate(cache = "aggregateCache")
public class PlanSlots {

    @AggregateIdentifier
    private String planKey;
    private final Set<String> instances = new LinkedHashSet<>();

    public PlanSlots() {
        // for Axon
    }

    private static final String PREFIX = "plan:";

    public static String key(String serviceId, String planId) {
        return PREFIX + serviceId + "/" + planId; // a stream of its own, apart from pipes ("resource/pipe")
    }

    /** Taking the slot an instance holds already changes nothing (a plan changed back and forth). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(TakePlanSlot command, Clock clock) {
        if (instances.contains(command.instanceId())) {
            return;
        }
        int limit = command.instanceLimit();
        if (limit > 0 && instances.size() >= limit) {
            throw new LimitReachedException("plan " + command.planKey().substring(PREFIX.length()) + " allows " + limit
                    + (limit == 1 ? " instance" : " instances") + " and has " + instances.size());
        }
        apply(new PlanSlotTaken(command.planKey(), command.instanceId(), command.actor(), clock.instant()));
    }

    /** Freeing a slot that is not taken changes nothing. */
    @CommandHandler
    public void handle(ReleasePlanSlot command, Clock clock) {
        if (instances.contains(command.instanceId())) {
            apply(new PlanSlotReleased(planKey, command.instanceId(), clock.instant()));
        }
    }

    @EventSourcingHandler
    void on(PlanSlotTaken event) {
        planKey = event.planKey();
        instances.add(event.instanceId());
    }

    @EventSourcingHandler
    void on(PlanSlotReleased event) {
        instances.remove(event.instanceId());
    }
}
