package dev.junction.command.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.blueprint.Resource;
import dev.junction.api.resource.ResourceEvents.ResourceDataChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resource's current data as the command model knows it: the merged data of its last
 * {@link ResourceDataChanged}, or its declared data when the platform never changed it. Pipe
 * creations read it here instead of loading {@link ResourceAggregate}, so they never wait for that
 * aggregate's lock, nor for the read model.
 *
 * <p>Its handler runs in a subscribing processor, after the change commits; a resource not seen yet
 * is read from its event stream. Each entry keeps the sequence number it came from and only a higher
 * one replaces it, so a stream read racing a new change cannot put older data back. A broker that
 * shares its event store with others also reads the events after the one it knows at each lookup
 * (one indexed query), since their changes never reach its handler.
 */
@ProcessingGroup(ResourceDataLookup.PROCESSING_GROUP)
public class ResourceDataLookup {

    public static final String PROCESSING_GROUP = "resource-data-lookup";

    private final EventStore events;
    private final Resource.Catalog catalog;
    private final boolean soleWriter;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    /** The merged data after the event with this sequence number; -1 and null: no change yet. */
    private record Known(long sequence, ObjectNode data) {
    }

    /** {@code soleWriter}: no other broker appends to this event store, so every change passes the handler. */
    public ResourceDataLookup(EventStore events, Resource.Catalog catalog, boolean soleWriter) {
        this.events = events;
        this.catalog = catalog;
        this.soleWriter = soleWriter;
    }

    @EventHandler
    void on(ResourceDataChanged event, @SequenceNumber Long sequence) {
        Known change = new Known(sequence, event.merged());
        if (CurrentUnitOfWork.isStarted()) {
            // a change rolled back after its events were published must never be seen
            CurrentUnitOfWork.get().root().afterCommit(u -> remember(event.resource(), change));
        } else {
            remember(event.resource(), change);
        }
    }

    /** A copy of the resource's current data; empty when it has none. */
    public Optional<ObjectNode> dataOf(String resource) {
        Known current = known.get(resource);
        if (current == null) {
            current = remember(resource, load(resource, 0));
        } else if (!soleWriter) {
            current = remember(resource, load(resource, current.sequence() + 1));
        }
        ObjectNode data = current.data() != null ? current.data()
                : catalog.find(resource).map(Resource::data).orElse(null);
        return Optional.ofNullable(data).map(ObjectNode::deepCopy);
    }

    private Known remember(String resource, Known candidate) {
        return known.merge(resource, candidate, (old, now) -> now.sequence() > old.sequence() ? now : old);
    }

    private Known load(String resource, long fromSequence) {
        Known last = new Known(-1, null);
        var stream = events.readEvents(resource, fromSequence);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getPayload() instanceof ResourceDataChanged change) {
                last = new Known(event.getSequenceNumber(), change.merged());
            }
        }
        return last;
    }
}
