package dev.junction.query.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.resource.ResourceQueries.FindResourceData;
import dev.junction.api.resource.ResourceQueries.ListLivePipeIds;
import dev.junction.api.resource.ResourceQueries.PipeIds;
import dev.junction.query.pipe.PipeViews;
import org.axonframework.queryhandling.QueryHandler;

import java.util.Optional;

/** The queries about a resource: its current data and its live pipes. */
public class ResourceQueryHandler {

    private final ResourceDataStore data;
    private final PipeViews pipes;

    public ResourceQueryHandler(ResourceDataStore data, PipeViews pipes) {
        this.data = data;
        this.pipes = pipes;
    }

    @QueryHandler
    public Optional<ObjectNode> handle(FindResourceData query) {
        return data.find(query.resource());
    }

    @QueryHandler
    public PipeIds handle(ListLivePipeIds query) {
        return new PipeIds(pipes.liveIds(query.resource()));
    }
}
