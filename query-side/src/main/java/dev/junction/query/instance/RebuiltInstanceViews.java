package dev.junction.query.instance;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A rebuild's instance views, folded in memory (instances are few beside pipes) and then stored in place
 * of the live ones at once.
 */
public final class RebuiltInstanceViews implements InstanceViewUpdates {

    private final Map<String, InstanceView> views = new HashMap<>();

    @Override
    public Optional<InstanceView> current(String instanceId) {
        return Optional.ofNullable(views.get(instanceId));
    }

    @Override
    public void put(InstanceView view) {
        views.put(view.id(), view);
    }

    public void replace(InstanceViewStore live) {
        live.replaceAll(views.values());
    }
}
