package dev.junction.query.blueprint;

import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotReleased;
import dev.junction.api.blueprint.BlueprintEvents.BlueprintSlotTaken;
import dev.junction.query.AfterCommit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** The offer and need views' pipe counts; live, after commit, like the pipe views; also fed by a rebuild. */
@ProcessingGroup(BlueprintSlotsProjection.PROCESSING_GROUP)
public class BlueprintSlotsProjection {

    public static final String PROCESSING_GROUP = "blueprint-slots";

    private final BlueprintSlotUpdates slots;

    public BlueprintSlotsProjection(BlueprintSlotUpdates slots) {
        this.slots = slots;
    }

    @EventHandler
    public void on(BlueprintSlotTaken event) {
        AfterCommit.run(() -> slots.taken(event.blueprintKey(), event.pipeKey()));
    }

    @EventHandler
    public void on(BlueprintSlotReleased event) {
        AfterCommit.run(() -> slots.released(event.blueprintKey(), event.pipeKey()));
    }
}
