package dev.junction.command.blueprint;

import dev.junction.api.Actor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The commands of {@link BlueprintSlots}. They stay in command-side: only {@link PipeLifecycleHandler}
 * applies them, in the unit of work that creates or deletes the slot's pipe.
 */
public final class SlotCommands {

    private SlotCommands() {
    }

    /** Takes a slot for a pipe; {@code maxPipes} 0 means the blueprint has no limit. */
    public record TakeSlot(@TargetAggregateIdentifier String blueprintKey, String pipeKey, int maxPipes,
                           Actor actor) {
    }

    public record ReleaseSlot(@TargetAggregateIdentifier String blueprintKey, String pipeKey, Actor actor) {
    }
}
