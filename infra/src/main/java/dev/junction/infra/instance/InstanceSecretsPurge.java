package dev.junction.infra.instance;

import dev.junction.api.instance.InstanceEvents.InstancePurged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.Message;

/**
 * Forgets a purged instance's secrets: its key is destroyed and its credential store and output files
 * deleted, so that nothing sealed for it (bind credentials in events included) can be read any more.
 * Events and logs stay. Idempotent: a replay destroys what is destroyed already.
 */
@ProcessingGroup(InstanceSecretsPurge.GROUP)
public class InstanceSecretsPurge {

    public static final String GROUP = "instance-secrets";

    private final InstanceStore store;

    public InstanceSecretsPurge(InstanceStore store) {
        this.store = store;
    }

    /** The only event this handler takes: its processor passes over every other before reading it. */
    public static boolean mayConcern(Message<?> event) {
        return event.getPayloadType() == InstancePurged.class;
    }

    @EventHandler
    public void on(InstancePurged event) {
        store.purge(event.instanceId());
    }
}
