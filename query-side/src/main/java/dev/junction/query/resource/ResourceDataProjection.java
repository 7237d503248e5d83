package dev.junction.query.resource;

import dev.junction.api.resource.ResourceEvents.ResourceDataChanged;
import dev.junction.query.AfterCommit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** The current data of each resource changed by the platform; live, after commit; also fed by a rebuild. */
@ProcessingGroup(ResourceDataProjection.PROCESSING_GROUP)
public class ResourceDataProjection {

    public static final String PROCESSING_GROUP = "resource-data";

    private final ResourceDataUpdates data;

    public ResourceDataProjection(ResourceDataUpdates data) {
        this.data = data;
    }

    @EventHandler
    public void on(ResourceDataChanged event) {
        AfterCommit.run(() -> data.save(event.resource(), event.merged()));
    }
}
