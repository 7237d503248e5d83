package dev.junction.query.pipe;

import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.NotFoundException;
import dev.junction.api.pipe.PipeEvents.PipeEvent;
import dev.junction.api.pipe.PipeView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Audit and time travel, read straight from the event store (never from a snapshot). */
public class PipeHistory {

    private final EventStore eventStore;

    public PipeHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public record Entry(long sequence, String type, Instant at, PipeEvent event) {
    }

    public List<Entry> history(String pipeKey) {
        List<Entry> entries = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(pipeKey, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof PipeEvent event) {
                entries.add(new Entry(message.getSequenceNumber(), event.getClass().getSimpleName(), event.at(), event));
            }
        }
        if (entries.isEmpty()) {
            throw new NotFoundException("pipe " + pipeKey + " has no history");
        }
        return entries;
    }

    /** The pipe as its events make it now (deleted or not), folded from the event store alone. */
    public Optional<PipeView> current(String pipeKey) {
        PipeView view = null;
        DomainEventStream stream = eventStore.readEvents(pipeKey, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof PipeEvent event) {
                view = PipeViewFolder.apply(view, event, message.getSequenceNumber());
            }
        }
        return Optional.ofNullable(view);
    }

    /** The pipe as it was at {@code at}; 404 when it did not exist then. */
    public PipeView at(String pipeKey, String at) {
        Instant instant;
        try {
            instant = Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("at", "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
        PipeView view = null;
        DomainEventStream stream = eventStore.readEvents(pipeKey, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (!(message.getPayload() instanceof PipeEvent event)) {
                continue;
            }
            // the event's own time, as the history shows it (the message's timestamp is taken a little later)
            if (event.at().isAfter(instant)) {
                break;
            }
            view = PipeViewFolder.apply(view, event, message.getSequenceNumber());
        }
        if (view == null || view.deleted()) {
            throw new NotFoundException("pipe " + pipeKey + " did not exist at " + instant);
        }
        return view;
    }
}
