package dev.junction.query.instance;

import dev.junction.api.instance.InstanceEvents.InstanceEvent;
import dev.junction.query.AfterCommit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * The instance views, live after commit like the pipe views, and fed by a rebuild through the same
 * handler. An event whose sequence the view has seen already is passed over, so replays change nothing.
 */
@ProcessingGroup(InstanceViewProjection.PROCESSING_GROUP)
public class InstanceViewProjection {

    public static final String PROCESSING_GROUP = "instance-views";

    private final InstanceViewUpdates views;

    public InstanceViewProjection(InstanceViewUpdates views) {
        this.views = views;
    }

    @EventHandler
    public void on(InstanceEvent event, @SequenceNumber long sequence) {
        AfterCommit.run(() -> apply(event, sequence));
    }

    private void apply(InstanceEvent event, long sequence) {
        InstanceView current = views.current(event.instanceId()).orElse(null);
        if (current != null && current.sequence() >= sequence) {
            return;
        }
        views.put(InstanceViewFolder.apply(current, event, sequence));
    }
}
