package dev.junction.query.instance;

import java.util.Optional;

/** Where {@link InstanceViewProjection} reads and writes the views: the live store, or a rebuild's target. */
public interface InstanceViewUpdates {

    Optional<InstanceView> current(String instanceId);

    void put(InstanceView view);
}
