package dev.junction.api.resource;

import java.util.List;

/** The queries about a resource. */
public final class ResourceQueries {

    private ResourceQueries() {
    }

    /** The ids of the live pipes of a resource. */
    public record ListLivePipeIds(String resource) {
    }

    public record PipeIds(List<String> ids) {
    }
}
