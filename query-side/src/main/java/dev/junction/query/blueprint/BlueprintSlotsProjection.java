package dev.junction.query.blueprint;

import dev.junction.api.blueprint.BlueprintMessages.BlueprintSlotReleased;
import dev.junction.api.blueprint.BlueprintMessages.BlueprintSlotTaken;
import dev.junction.query.pipe.PipeViewProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import dev.junction.query.AfterCommit;

/** The offer and need views' pipe counts; runs with the pipe view, after commit. */
@ProcessingGroup(PipeViewProjection.PROCESSING_GROUP)
public class BlueprintSlotsProjection {

    private final BlueprintSlotsStore store;

    public BlueprintSlotsProjection(BlueprintSlotsStore store) {
        this.store = store;
    }

    @EventHandler
    public void on(BlueprintSlotTaken event) {
        AfterCommit.run(() -> store.taken(event.blueprintKey(), event.pipeKey()));
    }

    @EventHandler
    public void on(BlueprintSlotReleased event) {
        AfterCommit.run(() -> store.released(event.blueprintKey(), event.pipeKey()));
    }
}
