package dev.junction.command.instance;

import dev.junction.api.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands of {@link PlanSlots}. They stay in command-side: only {@link InstanceLifecycleHandler}
 * applies them, in the unit of work that creates, moves or settles the slot's instance.
 */
final class PlanSlotCommands {

    private PlanSlotCommands() {
    }

    /** {@code instanceLimit} 0 means the plan has no limit. */
    record TakePlanSlot(@TargetAggregateIdentifier String planKey, String instanceId, int instanceLimit,
                        Actor actor) {
    }

    record ReleasePlanSlot(@TargetAggregateIdentifier String planKey, String instanceId) {
    }
}
