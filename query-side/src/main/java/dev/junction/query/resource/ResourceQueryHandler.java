package dev.junction.query.resource;

import dev.junction.api.resource.ResourceQueries.ListLivePipeIds;
import dev.junction.api.resource.ResourceQueries.PipeIds;
import dev.junction.query.pipe.PipeViews;
import org.axonframework.queryhandling.QueryHandler;

/** The queries about a resource: its live pipes. */
public class ResourceQueryHandler {

    private final PipeViews pipes;

    public ResourceQueryHandler(PipeViews pipes) {
        this.pipes = pipes;
    }

    @QueryHandler
    public PipeIds handle(ListLivePipeIds query) {
        return new PipeIds(pipes.liveIds(query.resource()));
    }
}
