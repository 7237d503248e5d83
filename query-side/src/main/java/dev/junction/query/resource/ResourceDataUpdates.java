package dev.junction.query.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where {@link ResourceDataProjection} keeps each resource's current data. */
@FunctionalInterface
public interface ResourceDataUpdates {

    void save(String resource, ObjectNode merged);
}
