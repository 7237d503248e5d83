package dev.junction.command.pipe;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.JsonWeights;
import dev.junction.api.pipe.PipeEvents.PipeEvent;
import dev.junction.api.pipe.PipeEvents.OtherEndDetached;
import dev.junction.api.pipe.PipeEvents.OtherEndUpdated;
import dev.junction.api.pipe.PipeEvents.PipeCreated;
import dev.junction.api.pipe.PipeEvents.PipeDeleted;
import dev.junction.api.pipe.PipeEvents.ThisEndUpdated;
import dev.junction.command.pipe.PipeEndRules.Ends;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.Optional;

/**
 * The ends each pipe had when its last change committed, read without the pipe's lock so that
 * {@link PipeValidation} can check a command before the command takes it. Kept after each commit (a
 * subscribing processor) and read from the pipe's event stream on a miss; bounded by an estimate of the
 * ends' size in bytes, so large pipes push out others rather than the heap. An entry may be stale (a
 * broker sharing the event store): the aggregate then finds the ends changed and the entry is dropped.
 */
@ProcessingGroup(CommittedEnds.PROCESSING_GROUP)
public class CommittedEnds {

    public static final String PROCESSING_GROUP = "pipe-ends";

    private final EventStore events;
    private final Cache<String, Known> known;

    /** The ends after the event with this sequence number; null ends: the pipe is not alive. */
    private record Known(long sequence, Ends ends) {
    }

    public CommittedEnds(EventStore events, long maximumBytes) {
        this.events = events;
        this.known = Caffeine.newBuilder().maximumWeight(maximumBytes).<String, Known>weigher(CommittedEnds::weight)
                .executor(Runnable::run).build();
    }

    /** The pipe's ends as last committed; empty when it does not exist or was deleted. */
    public Optional<Ends> of(String pipeKey) {
        Known current = known.getIfPresent(pipeKey);
        if (current == null) {
            current = remember(pipeKey, load(pipeKey));
        }
        return Optional.ofNullable(current.ends());
    }

    /** The estimated bytes of the ends kept. */
    long keptBytes() {
        return known.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** Drops what is known of a pipe, so that the next look-up reads its events. */
    public void forget(String pipeKey) {
        known.invalidate(pipeKey);
    }

    @EventHandler
    void on(PipeEvent event, @SequenceNumber Long sequence) {
        String pipeKey = event.pipeKey();
        Runnable record = () -> {
            Known before = known.getIfPresent(pipeKey);
            if (event instanceof PipeCreated || before != null && before.sequence() == sequence - 1) {
                remember(pipeKey, new Known(sequence, after(before == null ? null : before.ends(), event)));
            } else if (changesEnds(event)) {
                forget(pipeKey); // a gap: the stream tells the rest at the next look-up
            }
        };
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(u -> record.run()); // never a change that rolled back
        } else {
            record.run();
        }
    }

    private Known remember(String pipeKey, Known candidate) {
        return known.asMap().merge(pipeKey, candidate, (old, now) -> now.sequence() > old.sequence() ? now : old);
    }

    private Known load(String pipeKey) {
        Known last = new Known(-1, null);
        var stream = events.readEvents(pipeKey);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            Object payload = message.getPayload();
            if (payload instanceof PipeAggregate snapshot) {
                last = new Known(message.getSequenceNumber(), snapshot.committedEnds());
            } else if (payload instanceof PipeEvent event) {
                last = new Known(message.getSequenceNumber(), after(last.ends(), event));
            }
        }
        return last;
    }

    private static boolean changesEnds(PipeEvent event) {
        return event instanceof ThisEndUpdated || event instanceof OtherEndUpdated || event instanceof OtherEndDetached
                || event instanceof PipeDeleted;
    }

    private static Ends after(Ends before, PipeEvent event) {
        return switch (event) {
            case PipeCreated e -> new Ends(e.thisEnd() == null ? End.EMPTY : e.thisEnd(),
                    e.otherEnd() == null ? End.EMPTY : e.otherEnd());
            case ThisEndUpdated e -> before == null ? null : new Ends(e.thisEnd(), before.otherEnd());
            case OtherEndUpdated e -> before == null ? null : new Ends(before.thisEnd(), e.otherEnd());
            case OtherEndDetached e -> before == null ? null : new Ends(before.thisEnd(), e.otherEnd());
            case PipeDeleted e -> null;
            default -> before;
        };
    }

    private static int weight(String pipeKey, Known entry) {
        Ends ends = entry.ends();
        long bytes = JsonWeights.BASE + (ends == null ? 0 : JsonWeights.of(ends.thisEnd()) + JsonWeights.of(ends.otherEnd()));
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
