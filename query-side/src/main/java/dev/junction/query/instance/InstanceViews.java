package dev.junction.query.instance;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What readers outside the projection may ask of the instance views. */
public interface InstanceViews {

    Optional<InstanceView> find(String instanceId);

    /** At most {@code max} views, by id. */
    List<InstanceView> list(int max);

    /** How many instances each plan holds that are not gone, keyed by {@code serviceId + "/" + planId}. */
    Map<String, Long> liveCountsByPlan();
}
